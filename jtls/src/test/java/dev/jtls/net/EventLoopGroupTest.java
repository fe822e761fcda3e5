package dev.jtls.net;

import static dev.jtls.net.LoopTesting.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventLoopGroupTest {
  @Test
  void nextGoesRoundTheLoopsInOrder() {
    EventLoopGroup group = EventLoopGroup.create("elg", 3);
    List<EventLoop> loops = group.loops();
    assertEquals(List.of("elg-0", "elg-1", "elg-2"), loops.stream().map(EventLoop::name).toList());
    assertEquals(List.of(loops.get(0), loops.get(1), loops.get(2), loops.get(0)),
        List.of(group.next(), group.next(), group.next(), group.next()));
    assertTrue(group.contains(loops.get(2)));
    assertFalse(group.contains(EventLoop.defaultLoop()));
  }

  @Test
  void eachLoopRunsItsTasksOnItsOwnThread() {
    EventLoopGroup group = EventLoopGroup.create("elg-threads", 2);
    for (EventLoop loop : group.loops()) {
      assertEquals(loop.name(), call(loop, () -> Thread.currentThread().getName()));
      assertTrue(call(loop, () -> EventLoop.current() == loop));
    }
  }

  @Test
  void theDefaultSizeIsOneLoopPerProcessorAndAGroupIsNeverEmpty() {
    assertEquals(Runtime.getRuntime().availableProcessors(), EventLoopGroup.create().size());
    assertThrows(IllegalArgumentException.class, () -> EventLoopGroup.create(0));
  }
}
