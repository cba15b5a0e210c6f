/* The terminal UI's toolkit and the screens' entry points in one include, for code
 * that uses most of them (tests, benchmarks). A file of the client includes the
 * headers of include/kabinet/ui/ it uses instead, so that a change of one module
 * recompiles only what uses it. */
#ifndef KABINET_UI_H
#define KABINET_UI_H

#include "kabinet/ui/engine.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/dialog.h"
#include "kabinet/ui/textarea.h"
#include "kabinet/ui/paste.h"
#include "kabinet/ui/prompt.h"
#include "kabinet/ui/list.h"
#include "kabinet/ui/loader.h"
#include "kabinet/ui/change.h"
#include "kabinet/ui/settle.h"
#include "kabinet/ui/moved.h"
#include "kabinet/ui/otp.h"
#include "kabinet/ui/messages.h"
#include "kabinet/ui/screens.h"

#endif
