/* Where kabinet keeps its files: one lookup of the XDG base directories for the
 * config file (config.c), the state (state.c) and the overview cache (cache.c). */
#ifndef KABINET_XDG_H
#define KABINET_XDG_H

#include <stddef.h>

/* kabinet's directory under one base directory into buf (not created): $VAR/kabinet
 * when the variable `var` (XDG_CONFIG_HOME, ...) holds an absolute path (a relative
 * one is ignored, as the XDG spec says), else HOME/`fallback`/kabinet, HOME being $HOME
 * when it is absolute, else the password database's home. Returns 0, or -1 when no
 * home is known or buf is too small. */
int xdg_dir(const char *var, const char *fallback, char *buf, size_t size);

#endif
