/*
** outfile.c: whole-file replacement, declared in outfile.h.
*/
#define _GNU_SOURCE /* O_TMPFILE (Linux) */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"

/* The path a write to path lands on: symlinks followed (at most 40, like
** the kernel), relative ones against their own directory.  The last
** target may not exist.  A new string (caller frees), or NULL with err. */
static char *resolve(const char *path, tr_err *err)
{
    char *cur = strdup(path);
    for (int hops = 0; cur; hops++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            return cur;
        if (hops == 40) {
            free(cur);
            tr_errf(err, TR_EIO, "cannot write %s: too many levels of symbolic links", path);
            return NULL;
        }
        char link[PATH_MAX];
        ssize_t n = readlink(cur, link, sizeof link - 1);
        if (n < 0) {
            tr_errf(err, TR_EIO, "cannot write %s: %s", path, strerror(errno));
            free(cur);
            return NULL;
        }
        link[n] = '\0';
        tr_buf b;
        tr_buf_init(&b);
        const char *slash = strrchr(cur, '/');
        if (link[0] != '/' && slash)
            tr_buf_add(&b, cur, (size_t)(slash - cur) + 1);
        tr_buf_puts(&b, link);
        free(cur);
        cur = b.oom ? NULL : b.data;
        if (!cur)
            tr_buf_free(&b);
    }
    tr_errf(err, TR_ESOFTWARE, "out of memory");
    return NULL;
}

/* The directory part of path ("." when none), into a new string. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

/* A fresh name beside target for a temporary: dir/.base.tmp-RANDOM. */
static char *temp_name(const char *target)
{
    uint64_t r = 0;
    if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
        r = (uint64_t)getpid() << 32 ^ (uint64_t)(uintptr_t)&r;
    char *dir = dir_of(target);
    const char *slash = strrchr(target, '/');
    const char *base = slash ? slash + 1 : target;
    tr_buf b;
    tr_buf_init(&b);
    if (dir)
        tr_buf_printf(&b, "%s/.%s.tmp-%016llx", dir, base, (unsigned long long)r);
    free(dir);
    if (b.oom || !dir) {
        tr_buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* Opens o for path; see outfile.h. */
tr_status tr_outfile_open(tr_outfile *o, const char *path, int named, tr_err *err)
{
    memset(o, 0, sizeof *o);
    o->fd = -1;
    if (!strcmp(path, "-") && !named) {
        o->f = stdout;
        o->plain = o->is_stdout = 1;
        return TR_OK;
    }
    if (!(o->target = resolve(path, err)))
        return TR_EIO;
    struct stat st;
    int exists = stat(o->target, &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) {
        tr_outfile_abort(o);
        return tr_errf(err, TR_EIO, "cannot write %s: it is a directory", path);
    }
    if (exists && !S_ISREG(st.st_mode) && !named) {
        /* A FIFO, a terminal, a device: written as a redirect would. */
        int fd = open(o->target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
            int e = errno;
            if (fd >= 0)
                close(fd);
            tr_outfile_abort(o);
            return tr_errf(err, TR_EIO, "cannot write %s: %s", path, strerror(e));
        }
        o->plain = 1;
        return TR_OK;
    }
    char *dir = dir_of(o->target);
    if (!dir) {
        tr_outfile_abort(o);
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    }
    /* The umask narrows 0666 as it would for a new file. */
#ifdef O_TMPFILE
    if (!named)
        o->fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
#endif
    free(dir);
    for (int k = 0; o->fd < 0 && k < 100; k++) {
        free(o->tmpname);
        if (!(o->tmpname = temp_name(o->target)))
            break;
        o->fd = open(o->tmpname, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (o->fd < 0 && errno != EEXIST)
            break;
    }
    if (o->fd < 0) {
        int e = errno;
        free(o->tmpname);
        o->tmpname = NULL; /* nothing was created */
        tr_outfile_abort(o);
        return tr_errf(err, TR_EIO, "cannot write %s: %s", path, strerror(e));
    }
    if (exists) {
        /* The replacement keeps the target's mode and, where allowed, its group. */
        if (fchown(o->fd, (uid_t)-1, st.st_gid)) {
            /* not this user's group to give: the default group stays */
        }
        fchmod(o->fd, st.st_mode & 07777);
    }
    if (!named && !(o->f = fdopen(o->fd, "w"))) {
        int e = errno;
        tr_outfile_abort(o);
        return tr_errf(err, TR_EIO, "cannot write %s: %s", path, strerror(e));
    }
    if (o->f)
        o->fd = -1; /* the FILE owns it now */
    return TR_OK;
}

/* Frees o's members. */
static void release(tr_outfile *o)
{
    free(o->target);
    free(o->tmpname);
    o->target = o->tmpname = NULL;
    o->f = NULL;
    o->fd = -1;
}

/* Drops the content; see outfile.h. */
void tr_outfile_abort(tr_outfile *o)
{
    if (o->f && !o->is_stdout)
        fclose(o->f);
    if (o->fd >= 0)
        close(o->fd);
    if (o->tmpname)
        unlink(o->tmpname);
    release(o);
}

/* Puts the content in place; see outfile.h. */
tr_status tr_outfile_commit(tr_outfile *o, tr_err *err)
{
    const char *shown = o->target ? o->target : "the output";
    int e = 0;
    if (o->f && (fflush(o->f) || ferror(o->f)))
        e = errno ? errno : EIO;
    if (o->plain) {
        if (!e && !o->is_stdout && fclose(o->f))
            e = errno;
        else if (!o->is_stdout && e)
            fclose(o->f);
        o->f = NULL;
        tr_status st = e ? tr_errf(err, TR_EIO, "writing %s: %s", shown, strerror(e)) : TR_OK;
        release(o);
        return st;
    }
    int fd = o->f ? fileno(o->f) : o->fd;
    if (!e && fd >= 0 && fsync(fd))
        e = errno;
    if (!e && !o->tmpname) {
        /* An unnamed temporary: linked under a fresh name (linkat never
        ** replaces a name, so nothing planted is followed), then renamed. */
        char proc[64];
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
        for (int k = 0; k < 100; k++) {
            if (!(o->tmpname = temp_name(o->target))) {
                e = ENOMEM;
                break;
            }
            if (linkat(AT_FDCWD, proc, AT_FDCWD, o->tmpname, AT_SYMLINK_FOLLOW) == 0)
                break;
            e = errno;
            free(o->tmpname);
            o->tmpname = NULL;
            if (e != EEXIST)
                break;
        }
        if (o->tmpname)
            e = 0;
    }
    if (o->f) {
        if (fclose(o->f) && !e)
            e = errno;
        o->f = NULL;
    } else if (o->fd >= 0) {
        if (close(o->fd) && !e)
            e = errno;
        o->fd = -1;
    }
    if (!e && rename(o->tmpname, o->target))
        e = errno;
    if (e) {
        tr_errf(err, TR_EIO, "writing %s: %s", shown, strerror(e));
        tr_outfile_abort(o);
        return TR_EIO;
    }
    release(o);
    return TR_OK;
}
