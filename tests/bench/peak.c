/*
** peak.c: runs a command and writes its wall time and peak memory.
**
**   peak OUT COMMAND [ARG...]
**
** Runs COMMAND (stdin, stdout and stderr are the caller's), waits for it
** with wait4() and writes one line to OUT: "SECONDS MAXRSS_KIB STATUS",
** where SECONDS is the wall time (CLOCK_MONOTONIC), MAXRSS_KIB the child's
** peak resident set (ru_maxrss) and STATUS its exit status (128+signal
** when killed).  peak exits with the child's status.  Used by run.sh
** instead of /usr/bin/time so that the benchmark needs nothing beyond a C
** compiler.
*/
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: peak OUT COMMAND [ARG...]\n", stderr);
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("peak: fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("peak: wait4");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    FILE *f = fopen(argv[1], "w");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    fprintf(f, "%.3f %ld %d\n", s, ru.ru_maxrss, code);
    fclose(f);
    return code;
}
