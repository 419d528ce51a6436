/*
** err.c: the error buffer helpers declared in err.h.
*/
#include "err.h"

#include <stdarg.h>
#include <stdio.h>

/* Formats a message into e (when e is not NULL) and returns code. */
tr_status tr_errf(tr_err *e, tr_status code, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* Clears e to the empty message. */
void tr_err_clear(tr_err *e)
{
    if (e)
        e->msg[0] = '\0';
}
