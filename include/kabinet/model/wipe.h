/* Wiping secrets: memory that held a password, a code, a token or a card number is
 * zeroed in a way the compiler may not optimise away. The lowest layer with utf8 and
 * text: every other one (the model, the network, the terminal, the subcommands) uses
 * it, and it uses nothing of the program. */
#ifndef KABINET_WIPE_H
#define KABINET_WIPE_H

#include <stddef.h>

/* Zeroes n bytes at p (passwords, tokens). */
void model_wipe(void *p, size_t n);

#endif
