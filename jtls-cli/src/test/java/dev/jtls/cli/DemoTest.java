package dev.jtls.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoTest {
  @Test
  void demoHandshakesExchangesAMessageAndPrintsTheConnection() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(new String[] {"demo"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
    assertTrue(text.contains("getProtocol()        TLSv1.3"), text);
    assertTrue(text.contains("authorized           true"), text);
    assertTrue(text.contains("authorizationError   null"), text);
    assertTrue(text.contains("received \"hello over TLS from jtls\""), text);
    assertTrue(text.contains("{\"subject\":{\"CN\":\"localhost\"}"), text);
  }

  @Test
  void unknownCommandsExitWithUsage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(new String[] {"nope"}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, status);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'nope'"));
  }
}
