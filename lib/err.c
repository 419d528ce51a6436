/*
** err.c: the error buffer helpers declared in err.h.
*/
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Formats a message into e (when e is not NULL) and returns code. */
tr_status tr_errf(tr_err *e, tr_status code, const char *fmt, ...)
{
    if (e) {
        /* Format aside first: callers may pass e->msg itself as an argument
        ** ("%s: %s", path, e->msg) to prefix what a callee said. */
        char msg[TR_ERR_MAX];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        memcpy(e->msg, msg, sizeof msg);
    }
    return code;
}

/* Clears e to the empty message. */
void tr_err_clear(tr_err *e)
{
    if (e)
        e->msg[0] = '\0';
}
