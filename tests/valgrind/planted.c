/*
** planted.c: a program with one uninitialised branch and one read past
** a heap block, for tests/valgrind/run.sh: memcheck must still report
** both with the PCRE2 JIT suppressions loaded, so they hide JIT code only.
*/
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    int *p = malloc(2 * sizeof *p);
    char *q = malloc(3);
    if (!p || !q)
        return 2;
    p[0] = 1;
    if (p[1] > 3) /* p[1] was never written */
        puts("branch on an uninitialised value");
    printf("%d\n", q[4]); /* past the end of q */
    free(p);
    free(q);
    return 0;
}
