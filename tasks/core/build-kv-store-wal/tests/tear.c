/* LD_PRELOAD shim used by the verifier to simulate a crash in the middle of a
 * write: on the KV_TEAR_AT-th write to a regular file, only a prefix of the
 * data is written and the process then kills itself with SIGKILL. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static long counter = 0;

static int is_regular(int fd) {
    struct stat st;
    return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

/* returns number of bytes to write before dying, or -1 to write normally */
static long tear_len(int fd, size_t n) {
    const char *at = getenv("KV_TEAR_AT");
    if (!at || !is_regular(fd)) return -1;
    counter++;
    if (counter != atol(at)) return -1;
    const char *frac = getenv("KV_TEAR_FRAC");
    double f = frac ? atof(frac) : 0.5;
    return (long)(n * f);
}

static void die(void) { syscall(SYS_kill, getpid(), SIGKILL); for (;;) pause(); }

ssize_t write(int fd, const void *buf, size_t n) {
    long t = tear_len(fd, n);
    if (t >= 0) { if (t > 0) syscall(SYS_write, fd, buf, (size_t)t); die(); }
    return syscall(SYS_write, fd, buf, n);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off) {
    long t = tear_len(fd, n);
    if (t >= 0) { if (t > 0) syscall(SYS_pwrite64, fd, buf, (size_t)t, off); die(); }
    return syscall(SYS_pwrite64, fd, buf, n, off);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) { return pwrite64(fd, buf, n, off); }

ssize_t writev(int fd, const struct iovec *iov, int cnt) {
    size_t total = 0;
    for (int i = 0; i < cnt; i++) total += iov[i].iov_len;
    long t = tear_len(fd, total);
    if (t >= 0) {
        for (int i = 0; i < cnt && t > 0; i++) {
            size_t k = iov[i].iov_len < (size_t)t ? iov[i].iov_len : (size_t)t;
            syscall(SYS_write, fd, iov[i].iov_base, k);
            t -= k;
        }
        die();
    }
    return syscall(SYS_writev, fd, iov, cnt);
}
