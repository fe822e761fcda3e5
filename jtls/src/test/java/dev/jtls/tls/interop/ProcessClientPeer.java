package dev.jtls.tls.interop;

/**
 * A client peer that is a command-line program (s_client, gnutls-cli): its stdin is sent to the
 * server and its end ends the connection, the bytes received appear on its stdout, and it exits
 * once the connection is over. The base of both.
 */
abstract class ProcessClientPeer implements ClientPeer {
  final PeerProcess process;
  private final String serverEndLine;

  /** @param serverEndLine the line (a regex) the program prints when the server has ended the connection */
  ProcessClientPeer(PeerProcess process, String serverEndLine) {
    this.process = process;
    this.serverEndLine = serverEndLine;
  }

  @Override
  public final void send(byte[] data) {
    process.write(data);
  }

  @Override
  public final void awaitReceived(byte[] expected) {
    process.awaitStdout(expected);
  }

  @Override
  public final void end() {
    process.closeStdin();
  }

  @Override
  public final void awaitServerEnd() {
    process.awaitLine(serverEndLine);
    process.awaitCleanExit();
  }

  /** The program's whole output, once it has exited with an error status. */
  @Override
  public final String awaitFailure() {
    if (process.awaitExit() == 0) {
      throw new AssertionError(process + " succeeded:\n" + process.stdoutText() + process.stderrText());
    }
    return process.stdoutText() + process.stderrText();
  }

  @Override
  public final void close() {
    process.close();
  }
}
