/* openssl-idle-server: the floor for memory per idle TLS connection with the system's OpenSSL. A plain C TLS echo
 * server on one thread (like a jtls loop, so its allocations go to one malloc arena), with what jtls gives each
 * connection in OpenSSL and nothing else: one SSL between two memory BIOs, SSL_MODE_RELEASE_BUFFERS, the default
 * server session cache and tickets. Measure it with ../idle-memory as any other server.
 *   usage: openssl-idle-server PORT CERT KEY   (listens on 127.0.0.1) */
#define _GNU_SOURCE
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct { int fd; SSL *ssl; BIO *in, *out; } conn;
static char buf[65536];
static SSL_CTX *ctx;
static int port;

static void send_out(conn *c) {
  int n;
  while ((n = BIO_read(c->out, buf, sizeof buf)) > 0) {
    if (write(c->fd, buf, n) != n) break; /* an echo bigger than the socket buffer is cut: only idle matters here */
  }
}

static void *serve(void *unused) {
  int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 4096)) { perror("openssl-idle-server: listen"); exit(1); }
  int ep = epoll_create1(0);
  struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
  epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
  printf("openssl-idle-server listening on 127.0.0.1:%d\n", port);
  fflush(stdout);
  struct epoll_event evs[256];
  for (;;) {
    int n = epoll_wait(ep, evs, 256, -1);
    for (int i = 0; i < n; i++) {
      conn *c = evs[i].data.ptr;
      if (!c) {
        int fd = accept4(ls, NULL, NULL, SOCK_NONBLOCK);
        if (fd < 0) continue;
        c = calloc(1, sizeof *c);
        c->fd = fd;
        c->ssl = SSL_new(ctx);
        c->in = BIO_new(BIO_s_mem());
        c->out = BIO_new(BIO_s_mem());
        BIO_set_mem_eof_return(c->in, -1);
        SSL_set_bio(c->ssl, c->in, c->out);
        SSL_set_mode(c->ssl, SSL_MODE_RELEASE_BUFFERS);
        SSL_set_accept_state(c->ssl);
        struct epoll_event e = { .events = EPOLLIN, .data.ptr = c };
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
        continue;
      }
      int r = read(c->fd, buf, sizeof buf);
      if (r <= 0) { close(c->fd); SSL_free(c->ssl); free(c); continue; }
      BIO_write(c->in, buf, r);
      for (;;) {
        int k = SSL_read(c->ssl, buf, sizeof buf);
        send_out(c);
        if (k <= 0) break;
        SSL_write(c->ssl, buf, k);
        send_out(c);
      }
      ERR_clear_error();
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: openssl-idle-server PORT CERT KEY\n"); return 2; }
  port = atoi(argv[1]);
  ctx = SSL_CTX_new(TLS_server_method());
  if (SSL_CTX_use_certificate_chain_file(ctx, argv[2]) != 1 || SSL_CTX_use_PrivateKey_file(ctx, argv[3], SSL_FILETYPE_PEM) != 1) {
    ERR_print_errors_fp(stderr);
    return 1;
  }
  /* On a thread of its own, as a jtls loop is: glibc gives it its own malloc arena, as it does a loop. */
  pthread_t t;
  pthread_create(&t, NULL, serve, NULL);
  pthread_join(t, NULL);
  return 0;
}
