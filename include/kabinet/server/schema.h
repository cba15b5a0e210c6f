/* kabinetd's schema migrations, applied in order by db_init(). */
#ifndef KABINET_SERVER_SCHEMA_H
#define KABINET_SERVER_SCHEMA_H

const char *const *schema_migrations(int *count);

#endif
