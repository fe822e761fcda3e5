package dev.jtls.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NodeErrorTest {
  @Test
  void invalidArgTypeHasNodesMessage() {
    NodeError e = NodeError.invalidArgType("host", "of type string", null);
    assertEquals("ERR_INVALID_ARG_TYPE", e.code());
    assertEquals("The \"host\" argument must be of type string. Received null", e.getMessage());
  }

  @Test
  void invalidArgTypeOnAPropertySaysProperty() {
    NodeError e = NodeError.invalidArgType("options.port", "of type number", "80");
    assertEquals("The \"options.port\" property must be of type number. Received type string ('80')", e.getMessage());
  }

  @Test
  void invalidArgValueHasNodesMessage() {
    NodeError e = NodeError.invalidArgValue("encoding", "klingon", null);
    assertEquals("ERR_INVALID_ARG_VALUE", e.code());
    assertEquals("The argument 'encoding' is invalid. Received type string ('klingon')", e.getMessage());
  }

  @Test
  void outOfRangeHasNodesMessage() {
    NodeError e = NodeError.outOfRange("msecs", ">= 0", -1);
    assertEquals("ERR_OUT_OF_RANGE", e.code());
    assertEquals("The value of \"msecs\" is out of range. It must be >= 0. Received -1", e.getMessage());
  }

  @Test
  void toStringShowsTheCode() {
    assertEquals("NodeError [ERR_X]: message", new NodeError("ERR_X", "message").toString());
  }
}
