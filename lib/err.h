/*
** err.h: errors as values.
**
** Every function that can fail returns a tr_status and, when it fails,
** fills a caller-owned tr_err with a one-line message.  Only main() and
** the command layer print messages and turn a status into an exit code.
** The status values are the sysexits.h codes the CLI exits with, so the
** mapping is the identity.
*/
#ifndef TR_ERR_H
#define TR_ERR_H

#include <stddef.h>

typedef enum tr_status {
    TR_OK = 0,
    TR_FOUND = 1,       /* a check found something (test failures, new findings) */
    TR_EUSAGE = 64,     /* bad command line */
    TR_EDATA = 65,      /* bad input data */
    TR_ENOINPUT = 66,   /* input missing or unreadable */
    TR_ESOFTWARE = 70,  /* internal error, including out of memory */
    TR_EIO = 74,        /* I/O or database error */
    TR_ECONFIG = 78     /* bad rule file */
} tr_status;

#define TR_ERR_MAX 1024

/* A caller-owned error buffer; msg is always NUL-terminated. */
typedef struct tr_err {
    char msg[TR_ERR_MAX];
} tr_err;

/* Formats a message into e (when e is not NULL) and returns code.  The
** arguments may include e->msg itself, to prefix a callee's message. */
tr_status tr_errf(tr_err *e, tr_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears e to the empty message. */
void tr_err_clear(tr_err *e);

#endif
