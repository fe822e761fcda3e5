package dev.jtls.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A node client that takes its session from the first port and resumes it on each of the others, printing
 * {@code reused PORT true|false} for each. With {@code tickets} off it sends {@code SSL_OP_NO_TICKET}, so it can
 * only resume by session ID.
 */
final class NodeClient {
  private static final String SCRIPT = """
      const tls = require('tls'), fs = require('fs');
      const {SSL_OP_NO_TICKET} = require('crypto').constants;
      const [version, tickets, ca, first, ...others] = process.argv.slice(1);
      const options = {host: '127.0.0.1', servername: 'localhost', ca: fs.readFileSync(ca),
        minVersion: version, maxVersion: version, secureOptions: tickets === 'true' ? 0 : SSL_OP_NO_TICKET};
      function connect(port, session, done) {
        let last = session;
        const socket = tls.connect({...options, port: +port, session}, () => {});
        socket.on('session', s => { last = s; });
        socket.on('secureConnect', () => { socket.reused = socket.isSessionReused(); });
        socket.on('data', () => {});
        socket.on('close', () => done(socket.reused, last));
      }
      connect(first, undefined, (reused, session) => {
        const next = (i) => {
          if (i === others.length) return;
          connect(others[i], session, (r) => { console.log('reused ' + others[i] + ' ' + r); next(i + 1); });
        };
        next(0);
      });
      """;

  private NodeClient() {}

  /** Runs the client; returns its {@code reused} lines. */
  static List<String> resume(Path ca, String version, boolean tickets, int first, int... others) {
    List<String> command = new ArrayList<>(List.of("node", "-e", SCRIPT, version, Boolean.toString(tickets),
        ca.toString(),
        Integer.toString(first)));
    for (int port : others) {
      command.add(Integer.toString(port));
    }
    try (Child node = Child.start("node client", command)) {
      node.closeStdin();
      assertEquals(0, node.awaitExit(), node.stdout() + "\n" + node.stderrText());
      return node.stdout();
    }
  }
}
