/* idlehold: opens CONNS TLS connections to a server, completes every handshake, then holds the connections
 * open and silent for SECONDS, so that the server's memory per idle connection can be read.
 *   usage: idlehold HOST PORT CONNS SECONDS [SOURCES] [12|13] [BULK]
 * SOURCES (default 1) spreads the connections over the loopback source addresses 127.0.0.2, 127.0.0.3, ...:
 * one source address gives at most one ephemeral port range (about 28 000) of connections to one server.
 * After its handshake a connection's SSL is freed and only the socket is kept: the server sees an idle
 * connection (its tickets wait unread in this side's receive buffer), and this tool holds 100 000 of them
 * in a few tens of MB. With BULK (bytes, default 0), each connection first writes BULK bytes and reads
 * them back from an echo server before it goes idle, so the server's memory is read after bulk traffic. It prints "all CONNS held" when every handshake is done, and exits non-zero if any
 * connection fails or the server closes one while held. Raises its own open-file limit to what it needs. */
#define _GNU_SOURCE
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct { int fd; SSL *ssl; int echoing; size_t written, echoed; } conn;
static size_t bulk;
static char wbuf[16384], rbuf[16384];

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }

static void fail(const char *what) {
  fprintf(stderr, "idlehold: %s failed: %s ", what, errno ? strerror(errno) : "");
  ERR_print_errors_fp(stderr);
  fputc('\n', stderr);
  exit(1);
}

static int retry(SSL *s, int r) { int e = SSL_get_error(s, r); return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE; }

/* Writes and reads back the BULK bytes as far as the socket allows: 1 once all are echoed. Edge-triggered
 * events, so it goes on until neither direction progresses. */
static int echo_step(conn *c) {
  for (;;) {
    int progress = 0;
    if (c->written < bulk) {
      size_t n = bulk - c->written < sizeof wbuf ? bulk - c->written : sizeof wbuf;
      int r = SSL_write(c->ssl, wbuf, (int)n);
      if (r > 0) { c->written += r; progress = 1; } else if (!retry(c->ssl, r)) fail("echo write");
    }
    int r = SSL_read(c->ssl, rbuf, sizeof rbuf);
    if (r > 0) { c->echoed += r; progress = 1; } else if (!retry(c->ssl, r)) fail("echo read");
    if (c->echoed >= bulk) return 1;
    if (!progress) return 0;
  }
}

int main(int argc, char **argv) {
  if (argc < 5) { fprintf(stderr, "usage: idlehold HOST PORT CONNS SECONDS [SOURCES] [12|13] [BULK]\n"); return 2; }
  bulk = argc > 7 ? strtoul(argv[7], NULL, 10) : 0;
  struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[2])) };
  if (inet_pton(AF_INET, argv[1], &to.sin_addr) != 1) { fprintf(stderr, "idlehold: bad host %s\n", argv[1]); return 2; }
  int n = atoi(argv[3]), sources = argc > 5 ? atoi(argv[5]) : 1;
  double secs = atof(argv[4]);
  int ver = argc > 6 && atoi(argv[6]) == 12 ? TLS1_2_VERSION : TLS1_3_VERSION;
  struct rlimit lim;
  getrlimit(RLIMIT_NOFILE, &lim);
  if (lim.rlim_cur < (rlim_t)n + 64) {
    lim.rlim_cur = (rlim_t)n + 64;
    if (lim.rlim_max < lim.rlim_cur) lim.rlim_max = lim.rlim_cur;
    if (setrlimit(RLIMIT_NOFILE, &lim)) fail("raising the open-file limit (raising the hard limit takes CAP_SYS_RESOURCE)");
  }

  SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
  SSL_CTX_set_min_proto_version(ctx, ver);
  SSL_CTX_set_max_proto_version(ctx, ver);
  int ep = epoll_create1(0);
  conn *cs = calloc(n, sizeof *cs);
  int opened = 0, done = 0, inflight = 0;
  struct epoll_event evs[256];
  /* At most 256 handshakes in flight, so the server's accept backlog never overflows into SYN retries. */
  while (done < n) {
    while (opened < n && inflight < 256) {
      conn *c = &cs[opened];
      c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      if (c->fd < 0) fail("socket");
      if (sources > 1) {
        struct sockaddr_in from = { .sin_family = AF_INET };
        from.sin_addr.s_addr = htonl(0x7f000002 + opened % sources);
        int one = 1;
        setsockopt(c->fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
        if (bind(c->fd, (struct sockaddr *)&from, sizeof from)) fail("bind to a loopback source address");
      }
      if (connect(c->fd, (struct sockaddr *)&to, sizeof to) && errno != EINPROGRESS) fail("connect");
      c->ssl = SSL_new(ctx);
      SSL_set_fd(c->ssl, c->fd);
      SSL_set_connect_state(c->ssl);
      struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLET, .data.ptr = c };
      epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
      opened++, inflight++;
    }
    int k = epoll_wait(ep, evs, 256, 1000);
    for (int i = 0; i < k; i++) {
      conn *c = evs[i].data.ptr;
      if (!c->ssl) continue;
      errno = 0;
      if (!c->echoing) {
        int r = SSL_do_handshake(c->ssl);
        if (r != 1) {
          if (retry(c->ssl, r)) continue;
          fail("handshake");
        }
        c->echoing = bulk > 0;
      }
      if (c->echoing && !echo_step(c)) continue;
      SSL_free(c->ssl);
      c->ssl = NULL;
      /* From now on only a hang-up matters: the server must not drop an idle connection. */
      struct epoll_event ev = { .events = EPOLLRDHUP, .data.ptr = c };
      epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
      done++, inflight--;
    }
  }
  printf("all %d held\n", n);
  fflush(stdout);
  double t0 = now();
  while (now() - t0 < secs) {
    int k = epoll_wait(ep, evs, 256, 200);
    for (int i = 0; i < k; i++) {
      if (evs[i].events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) { fprintf(stderr, "idlehold: the server closed a held connection\n"); return 1; }
    }
  }
  printf("held %d for %.0f s\n", n, secs);
  return 0;
}
