// The physical limit of fan-out on this machine: the least a server can do to send one packet to
// N listeners every interval over loopback TCP (accept N, then write() the same bytes to each
// socket in a loop), and a matching reader (epoll, read everything). Benchmarks/limit.sh runs it
// beside Swarmcast with the same listener count, packet size and interval.
//
//   fanout serve PORT LISTENERS PACKET_BYTES INTERVAL_MS SECONDS [FIRST_AT]
//   fanout serve-uring PORT LISTENERS PACKET_BYTES INTERVAL_MS SECONDS [FIRST_AT]   (built with -DWITH_URING -luring)
//   fanout serve-watched PORT LISTENERS PACKET_BYTES INTERVAL_MS SECONDS HELLO_BYTES [FIRST_AT]
//   fanout serve-catchup PORT LISTENERS PACKET_BYTES INTERVAL_MS SECONDS [FIRST_AT]
//   fanout read  PORT LISTENERS SECONDS [HELLO_FILE]
//
// FIRST_AT (seconds since the epoch, CLOCK_REALTIME, fractions allowed) holds the first counted
// packet until then, after every listener is in and one uncounted packet has warmed the sockets:
// Benchmarks/limit.sh runs several senders on one core side by side, their packets a fraction of
// an interval apart, so that each one's steady state is measured over the same seconds as the
// others'.
//
// serve-watched is the same loop shaped like a server: it reads each listener's HELLO_BYTES-byte
// HELLO and answers a 32-byte WELCOME before the fan-out, and keeps every socket in an epoll set
// for reading (as a server must, to hear reactions and closes), waiting in epoll_wait between
// packets. What that costs the kernel per send, a server pays and the bare loop does not.
// serve-uring is the same loop with every packet's sends batched through io_uring (liburing,
// one io_uring_enter per 4,096 sends, single issuer, deferred task work) instead of one send()
// system call each: Benchmarks/limit.sh --io-uring measures whether batching beats plain send().
//
// serve-catchup is the plain loop that, when it runs late, sends every packet that fell due
// meanwhile together, in one send() per listener, as `swarmcast serve` does with its built-in
// speakers' frames (at most CATCHUP_PACKETS at once). Saturated (20 ms packets to 10,000
// listeners), the plain loop's deliveries are one packet each and serve's a dozen or more: this
// loop's are serve's size, so deliveries per CPU-second compare the same sends. It also prints
// limit_packets_per_delivery.
//
// With HELLO_FILE the reader sends that file's bytes on each connection first (a Swarmcast
// listener HELLO, e.g. Tests/SwarmcastWireTests/Corpus/hello-listener), so `swarmcast serve` can
// be driven by the same C reader as the C server: Benchmarks/limit.sh --same-reader.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#ifdef WITH_URING
#include <liburing.h>
#endif

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double wall(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_seconds(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

static void raise_limit(void) {
    struct rlimit r;
    getrlimit(RLIMIT_NOFILE, &r);
    r.rlim_cur = r.rlim_max;
    setrlimit(RLIMIT_NOFILE, &r);
}

#ifdef WITH_URING
/// Sends `packet` to every fd through io_uring in batches of the ring's size; counts results.
static void send_all_uring(struct io_uring *ring, unsigned entries, int *fds, int n, const char *packet, int bytes, long *deliveries, long *full) {
    int i = 0;
    while (i < n) {
        unsigned batch = 0;
        while (i < n && batch < entries) {
            struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
            io_uring_prep_send(sqe, fds[i], packet, bytes, MSG_NOSIGNAL | MSG_DONTWAIT);
            i++;
            batch++;
        }
        io_uring_submit_and_wait(ring, batch);
        struct io_uring_cqe *cqe;
        unsigned head, seen = 0;
        io_uring_for_each_cqe(ring, head, cqe) {
            if (cqe->res == bytes) (*deliveries)++; else (*full)++;
            seen++;
        }
        io_uring_cq_advance(ring, seen);
    }
}
#endif

enum { CATCHUP_PACKETS = 64 };

static int serve(int port, int n, int bytes, int interval_ms, int seconds, int uring, int hello_bytes, double first_at, int catch_up) {
#ifndef WITH_URING
    if (uring) { fprintf(stderr, "fanout: built without io_uring (cc -DWITH_URING ... -luring)\n"); return 2; }
#endif
    int l = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 65535)) { perror("bind/listen"); return 1; }
    int *fds = calloc(n, sizeof(int));
    double cpu0 = cpu_seconds();
    int watch = hello_bytes > 0 ? epoll_create1(0) : -1;
    char hello[256], welcome[32];
    memset(welcome, 0, sizeof welcome);
    for (int i = 0; i < n; i++) {
        fds[i] = accept4(l, NULL, NULL, watch >= 0 ? 0 : SOCK_NONBLOCK);
        if (fds[i] < 0) { perror("accept"); return 1; }
        if (watch >= 0) {
            if (recv(fds[i], hello, hello_bytes, MSG_WAITALL) != hello_bytes || send(fds[i], welcome, sizeof welcome, 0) != sizeof welcome) {
                perror("hello"); return 1;
            }
            fcntl(fds[i], F_SETFL, O_NONBLOCK);
            struct epoll_event e = {.events = EPOLLIN, .data.fd = fds[i]};
            epoll_ctl(watch, EPOLL_CTL_ADD, fds[i], &e);
        }
    }
    // Steady state: the sends alone, after every listener is in (accepts excluded).
    double cpu_joined = cpu_seconds();
    char *packet = malloc((size_t)bytes * CATCHUP_PACKETS);
    memset(packet, 0x5a, (size_t)bytes * CATCHUP_PACKETS);
    long deliveries = 0, full = 0, packets_sent = 0;
#ifdef WITH_URING
    struct io_uring ring;
    const unsigned entries = 4096;
    if (uring) {
        struct io_uring_params p = {0};
        p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_COOP_TASKRUN;
        int e = io_uring_queue_init_params(entries, &ring, &p);
        if (e) { fprintf(stderr, "io_uring_queue_init: %s\n", strerror(-e)); return 1; }
    }
#endif
    if (first_at > 0) {
        // One packet before the window, outside every figure: the first send on a fresh socket
        // costs more than the later ones, and `serve`'s window (limit.sh) opens after its first
        // packets too, so neither side's steady state holds its first touch of its sockets.
        for (int i = 0; i < n; i++) send(fds[i], packet, bytes, MSG_NOSIGNAL | MSG_DONTWAIT);
        double wait = first_at - wall();
        if (wait > 0) usleep((useconds_t)(wait * 1e6));
        cpu_joined = cpu_seconds();
    }
    double start = now(), next = start;
    while (now() - start < seconds) {
        // Packets due now: the one at `next`, and with catch_up every later one whose time has come.
        int k = 1;
        double late = now() - next;
        if (catch_up && late > 0) k = 1 + (int)(late * 1000 / interval_ms);
        if (k > CATCHUP_PACKETS) k = CATCHUP_PACKETS;
        int size = k * bytes;
#ifdef WITH_URING
        if (uring) send_all_uring(&ring, entries, fds, n, packet, bytes, &deliveries, &full); else
#endif
        for (int i = 0; i < n; i++) {
            ssize_t w = send(fds[i], packet, size, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (w == size) deliveries++; else full++;
        }
        packets_sent += (long)k * n;
        next += k * interval_ms / 1000.0;
        double wait = next - now();
        if (wait > 0 && watch >= 0) {
            struct epoll_event events[64];
            epoll_wait(watch, events, 64, (int)(wait * 1000));
        } else if (wait > 0) {
            usleep((useconds_t)(wait * 1e6));
        }
    }
    double cpu = cpu_seconds() - cpu0, steady = cpu_seconds() - cpu_joined;
    printf("limit_listeners %d\nlimit_deliveries %ld\nlimit_not_written %ld\nlimit_cpu_seconds %.3f\nlimit_deliveries_per_cpu_second %.0f\n"
           "limit_steady_cpu_seconds %.3f\nlimit_steady_deliveries_per_cpu_second %.0f\n",
           n, deliveries, full, cpu, deliveries / cpu, steady, deliveries / steady);
    if (catch_up) printf("limit_packets_per_delivery %.2f\n", (double)packets_sent / (deliveries + full));
    return 0;
}

static int reader(int port, int n, int seconds, const char *hello_file) {
    char hello[256];
    ssize_t hello_bytes = 0;
    if (hello_file) {
        FILE *f = fopen(hello_file, "rb");
        if (!f) { perror(hello_file); return 1; }
        hello_bytes = (ssize_t)fread(hello, 1, sizeof hello, f);
        fclose(f);
    }
    int ep = epoll_create1(0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    for (int i = 0; i < n; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        // Spread over 127.0.0.0/8 sources so ports never run out.
        struct sockaddr_in src = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f020001 + (i % 200))};
        bind(fd, (struct sockaddr *)&src, sizeof src);
        if (connect(fd, (struct sockaddr *)&a, sizeof a)) { perror("connect"); return 1; }
        if (hello_bytes > 0 && write(fd, hello, hello_bytes) != hello_bytes) { perror("hello"); return 1; }
        fcntl(fd, F_SETFL, O_NONBLOCK);
        struct epoll_event e = {.events = EPOLLIN, .data.fd = fd};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
    }
    static char buf[65536];
    struct epoll_event events[512];
    long total = 0;
    double start = now();
    while (now() - start < seconds) {
        int k = epoll_wait(ep, events, 512, 100);
        for (int i = 0; i < k; i++) {
            ssize_t r;
            while ((r = read(events[i].data.fd, buf, sizeof buf)) > 0) total += r;
            // End of stream (the server stopped): close it, or a level-triggered epoll reports it
            // again on every wait and the reader spins until its time is up (it did, and that
            // spin was counted as the reader's CPU).
            if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) close(events[i].data.fd);
        }
    }
    printf("reader_bytes %ld\nreader_cpu_seconds %.3f\n", total, cpu_seconds());
    return 0;
}

int main(int argc, char **argv) {
    raise_limit();
    if ((argc == 7 || argc == 8) && (!strcmp(argv[1], "serve") || !strcmp(argv[1], "serve-uring") || !strcmp(argv[1], "serve-catchup")))
        return serve(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), atoi(argv[5]), atoi(argv[6]), !strcmp(argv[1], "serve-uring"), 0,
                     argc == 8 ? atof(argv[7]) : 0, !strcmp(argv[1], "serve-catchup"));
    if ((argc == 8 || argc == 9) && !strcmp(argv[1], "serve-watched"))
        return serve(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), atoi(argv[5]), atoi(argv[6]), 0, atoi(argv[7]) > 0 ? atoi(argv[7]) : 1,
                     argc == 9 ? atof(argv[8]) : 0, 0);
    if ((argc == 5 || argc == 6) && !strcmp(argv[1], "read")) return reader(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), argc == 6 ? argv[5] : NULL);
    fprintf(stderr, "usage: fanout serve|serve-uring|serve-catchup PORT LISTENERS PACKET_BYTES INTERVAL_MS SECONDS [FIRST_AT] | fanout serve-watched ... SECONDS HELLO_BYTES [FIRST_AT] | fanout read PORT LISTENERS SECONDS [HELLO_FILE]\n");
    return 2;
}
