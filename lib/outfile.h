/*
** outfile.h: replacing an output file whole, never half-written, never
** through a planted name.
**
** tr_outfile_open resolves FILE as a shell redirect would (a symlink is
** followed to its target; "-" is standard output; a FIFO, a device or
** anything that is not a regular file is written directly) and otherwise
** writes a temporary file in the target's directory: an unnamed one
** (O_TMPFILE), or, where the file system has none or the caller needs a
** name, one created with O_CREAT|O_EXCL under a random name, which never
** follows a link planted there.  tr_outfile_commit syncs it and renames
** it over the target, which keeps its mode (and group); tr_outfile_abort,
** and any failure, leaves the old file as it was and no temporary behind.
*/
#ifndef TR_OUTFILE_H
#define TR_OUTFILE_H

#include <stdio.h>

#include "err.h"

typedef struct tr_outfile {
    FILE *f;         /* write the content here (NULL for a named temporary
                        that the caller fills through tmpname) */
    char *target;    /* the file that will be replaced (owned) */
    char *tmpname;   /* the named temporary, or NULL (owned) */
    int fd;          /* the temporary's descriptor, -1 when none */
    int plain;       /* writing the target itself: stdout, FIFO, device */
    int is_stdout;
} tr_outfile;

/* Opens path for replacement as described above; with named, the
** temporary gets a name (tmpname) and f stays NULL.  *o is the caller's
** and must be committed or aborted.  TR_EIO with a message naming path. */
tr_status tr_outfile_open(tr_outfile *o, const char *path, int named, tr_err *err);

/* Flushes and syncs the content and puts it in place of the target (for
** a plain write: flushes it).  On failure the target is left as it was
** and the temporary removed.  Frees what o holds either way. */
tr_status tr_outfile_commit(tr_outfile *o, tr_err *err);

/* Drops the content: the target is left as it was, the temporary removed.
** Frees what o holds (NULL members are fine). */
void tr_outfile_abort(tr_outfile *o);

#endif
