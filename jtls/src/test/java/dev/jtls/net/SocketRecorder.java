package dev.jtls.net;

import dev.jtls.stream.Duplex;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects a socket's data until 'close' and records the events it saw, in order. */
final class SocketRecorder {
  final ByteArrayOutputStream data = new ByteArrayOutputStream();
  final List<String> events = new CopyOnWriteArrayList<>();
  final CompletableFuture<Boolean> closed = new CompletableFuture<>();
  final CompletableFuture<Throwable> error = new CompletableFuture<>();
  final CompletableFuture<Void> connected = new CompletableFuture<>();
  final NetSocket socket;

  /** Starts recording; call on the socket's loop, before it can have emitted anything. */
  SocketRecorder(NetSocket socket) {
    this.socket = socket;
    socket.on(NetSocket.CONNECT, () -> {
      events.add("connect");
      connected.complete(null);
    });
    socket.on(NetSocket.READY, () -> events.add("ready"));
    socket.on(Duplex.DATA, chunk -> {
      if (events.isEmpty() || !events.getLast().equals("data")) {
        events.add("data");
      }
      data.writeBytes(chunk);
    });
    socket.on(Duplex.END, () -> events.add("end"));
    socket.on(Duplex.FINISH, () -> events.add("finish"));
    socket.on(Duplex.ERROR, e -> {
      events.add("error");
      error.complete(e);
    });
    socket.on(Duplex.CLOSE, hadError -> {
      events.add("close:" + hadError);
      closed.complete(hadError);
    });
  }

  /** The data received so far as UTF-8 text. */
  String text() {
    return data.toString(StandardCharsets.UTF_8);
  }
}
