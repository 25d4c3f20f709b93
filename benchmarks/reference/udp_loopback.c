/*
 * UDP loopback reference for Jingle.Net's UdpLoopbackBenchmarks: the same traffic pattern in plain C.
 *
 * A receiver thread loops on recvfrom() and counts packets; the main thread sendto()s PACKET_SIZE-byte datagrams
 * over 127.0.0.1, keeping at most WINDOW packets in flight (sent but not yet received) so the kernel buffers never
 * overflow. Prints packets per second. Both sockets get 4 MiB buffers, as UdpSocketOptions asks by default.
 *
 * Build and run: benchmarks/reference/run-udp.sh [packets] [packet-size] [window]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static atomic_long received;
static atomic_int stop;
static int packet_size = 1200;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int bind_loopback(struct sockaddr_in *addr)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) { perror("socket"); exit(1); }
    int size = 4 * 1024 * 1024;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    memset(addr, 0, sizeof *addr);
    addr->sin_family = AF_INET;
    addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)addr, sizeof *addr) < 0) { perror("bind"); exit(1); }
    socklen_t len = sizeof *addr;
    getsockname(fd, (struct sockaddr *)addr, &len);
    return fd;
}

static void *receive_loop(void *arg)
{
    int fd = *(int *)arg;
    char *buffer = malloc(65536);
    struct sockaddr_in from;
    struct timeval timeout = { 0, 100000 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
        socklen_t len = sizeof from;
        ssize_t n = recvfrom(fd, buffer, 65536, 0, (struct sockaddr *)&from, &len);
        if (n >= 0) {
            atomic_fetch_add_explicit(&received, 1, memory_order_release);
        }
    }
    free(buffer);
    return NULL;
}

/* Sends count packets with at most window in flight; returns packets lost (stalls longer than 50 ms). */
static long run(int tx, struct sockaddr_in *to, const char *payload, long count, long window)
{
    long lost = 0;
    long start = atomic_load(&received);
    for (long sent = 0; sent < count; sent++) {
        double stalled_since = 0;
        long last = -1;
        while (sent - (atomic_load_explicit(&received, memory_order_acquire) - start) - lost >= window) {
            long r = atomic_load(&received);
            if (r != last) { last = r; stalled_since = now_seconds(); }
            else if (now_seconds() - stalled_since > 0.05) { lost += window; break; }
            sched_yield();
        }
        if (sendto(tx, payload, packet_size, 0, (struct sockaddr *)to, sizeof *to) < 0) { perror("sendto"); exit(1); }
    }
    double deadline = now_seconds() + 1.0;
    while (atomic_load(&received) - start + lost < count && now_seconds() < deadline) {
        sched_yield();
    }
    return count - (atomic_load(&received) - start);
}

int main(int argc, char **argv)
{
    long count = argc > 1 ? atol(argv[1]) : 1000000;
    packet_size = argc > 2 ? atoi(argv[2]) : 1200;
    long window = argc > 3 ? atol(argv[3]) : 64;
    struct sockaddr_in tx_addr, rx_addr;
    int tx = bind_loopback(&tx_addr);
    int rx = bind_loopback(&rx_addr);
    char *payload = calloc(1, packet_size);
    pthread_t thread;
    pthread_create(&thread, NULL, receive_loop, &rx);

    run(tx, &rx_addr, payload, count / 10, window); /* warm-up */
    double t0 = now_seconds();
    long start = atomic_load(&received);
    long lost = run(tx, &rx_addr, payload, count, window);
    double t1 = now_seconds();
    long got = atomic_load(&received) - start;

    atomic_store(&stop, 1);
    pthread_join(thread, NULL);
    printf("udp_loopback.c: %ld packets of %d B, window %d: %.0f packets/s (%.1f MB/s), lost %ld, %.3f s\n",
        count, packet_size, (int)window, got / (t1 - t0), got * (double)packet_size / (t1 - t0) / 1e6, lost, t1 - t0);
    close(tx);
    close(rx);
    free(payload);
    return 0;
}
