package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtls.events.NodeError;
import dev.jtls.net.LookupFunction;
import dev.jtls.net.LookupFunction.Address;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeScript;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code lookup} connect option: the same cases through node (lookup-cases.js) and through
 * jtls against one jtls server, compared line by line; then what only Java can say.
 */
class LookupOptionTest {
  private static final Path PKI = LoopPeers.PKI;

  private TlsServer server;
  private int port;

  @BeforeEach
  void listen() {
    server = Tls.createServer(new ServerOptions().key(PKI.resolve("server-ec.key")).cert(PKI.resolve("server-ec-chain.pem")),
        socket -> {
          socket.on(Duplex.ERROR, e -> {});
          socket.resume();
        });
    await(server.listenAsync(0, "127.0.0.1"));
    port = server.address().port();
  }

  @AfterEach
  void close() {
    await(server.closeAsync());
  }

  private record Case(String name, String host, Consumer<LookupFunction.Callback> respond) {}

  private static final List<Case> CASES = List.of(
      new Case("list", "jtls.test", answer -> answer.addresses(null, List.of(new Address("127.0.0.1", 4)))),
      new Case("unreachableFirst", "jtls.test",
          answer -> answer.addresses(null, List.of(new Address("::1", 6), new Address("127.0.0.1", 4)))),
      new Case("error", "jtls.test", answer -> answer.addresses(new NodeError("ENOTFOUND", "no such name here"), null)),
      new Case("notAnIp", "jtls.test", answer -> answer.addresses(null, List.of(new Address("nowhere", 4)))),
      new Case("badFamily", "jtls.test", answer -> answer.addresses(null, List.of(new Address("127.0.0.1", 5)))),
      new Case("literalHost", "127.0.0.1", answer -> answer.addresses(null, List.of(new Address("192.0.2.1", 4)))));

  /** One case through jtls, printed as lookup-cases.js prints it. */
  private String runThroughJtls(Case c) {
    String[] called = {"-"};
    LookupFunction lookup = (hostname, options, callback) -> {
      called[0] = hostname + "{\"hints\":" + options.hints() + ",\"all\":" + options.all() + "}"
          + (options.family() == 0 ? "" : " family " + options.family());
      c.respond().accept(callback);
    };
    CompletableFuture<String> line = new CompletableFuture<>();
    Tls.connectWithSetup(new ConnectOptions().host(c.host()).port(port).servername("localhost")
        .ca(PKI.resolve("root-ca.pem")).lookup(lookup), socket -> {
          socket.on(TlsSocket.SECURE_CONNECT, () -> {
            line.complete(c.name() + " called=" + called[0] + " secureConnect " + socket.remoteAddress());
            socket.destroy();
          });
          socket.on(Duplex.ERROR, e -> line.complete(c.name() + " called=" + called[0] + " error "
              + ((NodeError) e).code() + " " + e.getMessage().replace(String.valueOf(port), "PORT")));
        });
    return await(line);
  }

  @Test
  void eachCaseEndsAsUnderNode() throws IOException, InterruptedException {
    List<String> jtls = new ArrayList<>();
    for (Case c : CASES) {
      jtls.add(runThroughJtls(c));
    }
    List<String> node = NodeScript.run("lookup-cases.js", "", String.valueOf(port), PKI.resolve("root-ca.pem").toAbsolutePath().toString());
    assertEquals(node, jtls);
  }

  @Test
  void theLookupMayAnswerLaterFromAnotherThreadInTheSingleAddressForm() {
    LookupFunction lookup = (hostname, options, callback) ->
        new Thread(() -> callback.address(null, "127.0.0.1", 4)).start();
    TlsSocket socket = await(Tls.connectAsync(new ConnectOptions().host("jtls.test").port(port).servername("localhost")
        .ca(PKI.resolve("root-ca.pem")).lookup(lookup)));
    assertEquals("127.0.0.1", socket.remoteAddress());
    CompletableFuture<Boolean> closed = new CompletableFuture<>();
    socket.once(Duplex.CLOSE, closed::complete);
    socket.destroy();
    await(closed);
  }

  @Test
  void aLookupThatThrowsFailsTheSocketWithWhatItThrew() {
    IllegalStateException thrown = new IllegalStateException("resolver broken");
    LookupFunction lookup = (hostname, options, callback) -> {
      throw thrown;
    };
    CompletableFuture<TlsSocket> connecting = Tls.connectAsync(new ConnectOptions().host("jtls.test").port(port).lookup(lookup));
    Throwable failure = await(connecting.handle((socket, error) -> error.getCause() != null ? error.getCause() : error));
    assertSame(thrown, failure);
  }

  @Test
  void aLookupThatIsNotAFunctionIsInvalidArgType() {
    NodeError e = assertThrows(NodeError.class, () -> Tls.connect(Map.of("port", port, "host", "jtls.test", "lookup", 5), null));
    assertEquals("ERR_INVALID_ARG_TYPE", e.code());
    assertEquals("The \"options.lookup\" property must be of type function. Received type number (5)", e.getMessage());
  }
}
