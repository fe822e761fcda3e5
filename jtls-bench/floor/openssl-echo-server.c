/* openssl-echo-server: the floor. The least a TLS echo server does with this machine's OpenSSL: one thread, epoll
 * (edge-triggered), non-blocking sockets, echoing every byte it reads. It is what jtls's figures are measured against:
 * server CPU per handshake / resumption / MB / round trip, and memory per idle connection.
 *   usage: openssl-echo-server PORT CERT KEY [--mem-bio] [--threads N]   (listens on 127.0.0.1)
 * Two ways of moving the bytes:
 *   default    the SSL reads and writes the socket itself (SSL_set_fd): the least work possible.
 *   --mem-bio  two memory BIOs between the socket and the SSL, as jtls and Node do: read(2) into a buffer, BIO_write
 *              to the read BIO, SSL_read, SSL_write, BIO_read from the write BIO, write(2). The difference to the
 *              default is what the BIO design itself costs.
 * What OpenSSL is given is what jtls gives it where that changes the cost: SSL_MODE_RELEASE_BUFFERS (an idle connection
 * holds no record buffers) and SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER, no client certificate, OpenSSL's default versions
 * (TLSv1.2 and TLSv1.3), cipher suites and groups. Resumption is OpenSSL's own: the default server session cache
 * (session IDs) and tickets for TLSv1.2 and TLSv1.3, where jtls asks Node's hooks instead.
 * --threads N: N such threads (default 1), each with its own epoll and its own SO_REUSEPORT listener on the port (as a
 * jtls server over N loops), all sharing one SSL_CTX and so its session cache and ticket keys: the floor of multicore.sh.
 * Backpressure as in Node's pipe(): a connection whose echo the peer is not taking is not read from until the echo
 * drains, so memory stays bounded whatever the peer does. */
#define _GNU_SOURCE
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  int fd;
  SSL *ssl;
  BIO *in, *out;        /* --mem-bio only; owned by the SSL */
  unsigned char *pend;  /* bytes not yet taken: the echo's plaintext (default) or ciphertext for the socket (--mem-bio) */
  size_t pendoff, pendlen;
  int blocked;          /* waiting for room in the socket; other wake-ups for room (every ACK can be one) are skipped */
} conn;

static __thread unsigned char buf[65536];  /* per thread: one scratch buffer serves every connection of the thread */
static SSL_CTX *ctx;
static int port, membio, threads = 1;

static void closeconn(conn *c) {
  SSL_free(c->ssl);
  close(c->fd);
  free(c->pend);
  free(c);
  ERR_clear_error();  /* a failed connection's errors must not be read as the next connection's */
}

/* Keeps what could not be handed on yet; the connection waits for EPOLLOUT before doing anything else. */
static void keep(conn *c, const unsigned char *p, size_t n) {
  c->pend = malloc(n);
  if (!c->pend) { perror("openssl-echo-server: malloc"); exit(1); }
  memcpy(c->pend, p, n);
  c->pendoff = 0;
  c->pendlen = n;
}

static void drop_pending(conn *c) { free(c->pend); c->pend = NULL; c->pendlen = 0; }

/* --- the SSL on the socket (SSL_set_fd) --- */

/* 1: the echo went out whole; 0: the socket is full (wait for EPOLLOUT); -1: the connection failed. */
static int echo_fd(conn *c, const unsigned char *p, int n) {
  int w = SSL_write(c->ssl, p, n);
  if (w > 0) return 1;  /* without SSL_MODE_ENABLE_PARTIAL_WRITE a success is the whole buffer */
  return SSL_get_error(c->ssl, w) == SSL_ERROR_WANT_WRITE ? 0 : -1;
}

static void drive_fd(conn *c) {
  c->blocked = 0;
  if (c->pend) {  /* an SSL_write is retried with the same bytes (ACCEPT_MOVING_WRITE_BUFFER lets them move) */
    int r = echo_fd(c, c->pend, c->pendlen);
    if (r < 0) { closeconn(c); return; }
    if (r == 0) { c->blocked = 1; return; }
    drop_pending(c);
  }
  for (;;) {
    int n = SSL_read(c->ssl, buf, sizeof buf);
    if (n > 0) {
      int r = echo_fd(c, buf, n);
      if (r < 0) { closeconn(c); return; }
      if (r == 0) { keep(c, buf, n); c->blocked = 1; return; }
      continue;
    }
    switch (SSL_get_error(c->ssl, n)) {
      case SSL_ERROR_WANT_READ:  /* the socket is drained: edge-triggered epoll tells when more comes */
        return;
      case SSL_ERROR_WANT_WRITE:  /* a handshake flight waits for room in the socket */
        c->blocked = 1;
        return;
      case SSL_ERROR_ZERO_RETURN:  /* close_notify: answer it, then close */
        SSL_shutdown(c->ssl);
        closeconn(c);
        return;
      default:
        closeconn(c);
        return;
    }
  }
}

/* --- memory BIOs between the socket and the SSL --- */

/* Sends what the SSL wrote into its write BIO. 1: all of it is out; 0: the socket is full; -1: the connection failed. */
static int flush_mem(conn *c) {
  while (c->pend) {
    ssize_t w = send(c->fd, c->pend + c->pendoff, c->pendlen, MSG_NOSIGNAL);
    if (w < 0) return errno == EAGAIN ? 0 : -1;
    c->pendoff += w;
    c->pendlen -= w;
    if (!c->pendlen) drop_pending(c);
  }
  int n;
  while ((n = BIO_read(c->out, buf, sizeof buf)) > 0) {
    ssize_t w = send(c->fd, buf, n, MSG_NOSIGNAL);
    if (w < 0 && errno != EAGAIN) return -1;
    if (w < n) { keep(c, buf + (w < 0 ? 0 : w), n - (w < 0 ? 0 : w)); return 0; }
  }
  return 1;
}

static void drive_mem(conn *c) {
  c->blocked = 0;
  for (;;) {
    int n = SSL_read(c->ssl, buf, sizeof buf);
    if (n > 0) {
      SSL_write(c->ssl, buf, n);  /* into a memory BIO: it always completes */
      continue;
    }
    int e = SSL_get_error(c->ssl, n);
    if (e == SSL_ERROR_ZERO_RETURN) {  /* close_notify: answer it, then close */
      SSL_shutdown(c->ssl);
      flush_mem(c);
      closeconn(c);
      return;
    }
    if (e != SSL_ERROR_WANT_READ) { flush_mem(c); closeconn(c); return; }  /* an alert may be waiting to go out */
    int f = flush_mem(c);
    if (f < 0) { closeconn(c); return; }
    if (f == 0) { c->blocked = 1; return; }  /* the peer is not taking the echo: read no more until EPOLLOUT */
    ssize_t r = read(c->fd, buf, sizeof buf);
    if (r > 0) {
      BIO_write(c->in, buf, r);
      continue;
    }
    if (r < 0 && errno == EAGAIN) return;
    closeconn(c);  /* end of stream without close_notify, or a reset */
    return;
  }
}

static void accept_all(int ls, int ep) {
  for (;;) {
    int fd = accept4(ls, NULL, NULL, SOCK_NONBLOCK);
    if (fd < 0) {
      if (errno == EAGAIN) return;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) { perror("openssl-echo-server: accept"); return; }
      continue;  /* a connection that died in the queue */
    }
    conn *c = calloc(1, sizeof *c);
    SSL *ssl = SSL_new(ctx);
    if (!c || !ssl) { fprintf(stderr, "openssl-echo-server: out of memory\n"); exit(1); }
    c->fd = fd;
    c->ssl = ssl;
    if (membio) {
      c->in = BIO_new(BIO_s_mem());
      c->out = BIO_new(BIO_s_mem());
      if (!c->in || !c->out) { fprintf(stderr, "openssl-echo-server: out of memory\n"); exit(1); }
      BIO_set_mem_eof_return(c->in, -1);  /* an empty read BIO means "more to come", not end of stream */
      SSL_set_bio(ssl, c->in, c->out);
    } else {
      SSL_set_fd(ssl, fd);
    }
    SSL_set_accept_state(ssl);
    struct epoll_event e = { .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, .data.ptr = c };
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
  }
}

static void *serve(void *unused) {
  (void)unused;
  int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  setsockopt(ls, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);  /* --threads: the kernel spreads connections */
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 4096)) { perror("openssl-echo-server: listen"); exit(1); }
  int ep = epoll_create1(0);
  struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.ptr = NULL };
  epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
  printf("openssl-echo-server listening on 127.0.0.1:%d (%s)\n", port, membio ? "memory BIOs" : "SSL on the socket");
  fflush(stdout);
  struct epoll_event evs[256];
  for (;;) {
    int n = epoll_wait(ep, evs, 256, -1);
    for (int i = 0; i < n; i++) {
      conn *c = evs[i].data.ptr;
      if (!c) accept_all(ls, ep);
      else if (evs[i].events == EPOLLOUT && !c->blocked) continue;
      else if (membio) drive_mem(c);
      else drive_fd(c);
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  int a = 4;
  for (; a < argc; a++) {
    if (!strcmp(argv[a], "--mem-bio")) membio = 1;
    else if (!strcmp(argv[a], "--threads") && a + 1 < argc && atoi(argv[a + 1]) > 0) threads = atoi(argv[++a]);
    else break;
  }
  if (argc < 4 || a < argc) {
    fprintf(stderr, "usage: openssl-echo-server PORT CERT KEY [--mem-bio] [--threads N]\n");
    return 2;
  }
  port = atoi(argv[1]);
  signal(SIGPIPE, SIG_IGN);  /* the SSL on the socket writes with write(2): a peer gone is an error, not a signal */
  ctx = SSL_CTX_new(TLS_server_method());
  if (!ctx || SSL_CTX_use_certificate_chain_file(ctx, argv[2]) != 1
      || SSL_CTX_use_PrivateKey_file(ctx, argv[3], SSL_FILETYPE_PEM) != 1) {
    ERR_print_errors_fp(stderr);
    return 1;
  }
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  /* Serving on threads of their own, as jtls loops do: glibc gives each a malloc arena of its own too, which shows in
   * the memory per idle connection. */
  pthread_t t[threads];
  for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, serve, NULL);
  for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
  return 0;
}
