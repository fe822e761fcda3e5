package dev.jtls.tls;

import dev.jtls.events.Event;
import dev.jtls.events.NodeError;
import dev.jtls.net.EventLoop;
import dev.jtls.net.NetSocket;
import dev.jtls.net.SystemError;
import dev.jtls.net.Timer;
import dev.jtls.stream.Duplex;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The plaintext stream of a {@link TlsSocket} over its transport: ciphertext in from the transport
 * through the {@link HandshakeDriver} and its engine, plaintext out to the reader ('data' or onread),
 * plaintext writes batched into records, ciphertext out to the transport, and Node's rules for
 * ending, errors and teardown. {@link TlsSocket} adds Node's API (properties and queries) on top.
 */
abstract class TlsStream extends Duplex {
  final Duplex transport;
  final NetSocket net;
  final TlsSocketConfig config;
  final HandshakeDriver driver;
  /** The driver's engine while the socket lives; null once destroyed. */
  private TlsEngine engine;
  /** See {@link #sessionInEvent()}. */
  private volatile byte[] sessionInEvent;

  private LoopBuffers buffers;
  private boolean cycling;
  private boolean started;
  private boolean controlReleased;
  private boolean hadError;
  private boolean readBlocked;
  /** The peer said it is done: close_notify, or EOF on the transport. */
  private boolean peerEnded;
  private Timer handshakeTimer;
  /** tls.connect's minDHSize (0: no check, for sockets not made by tls.connect). */
  long minDhSize;
  /** Where plaintext goes instead of 'data' events: tls.connect's onread option, or {@link #useOnread}. */
  private TlsOnRead onread;
  private ByteBuffer onreadBuffer;
  private MemorySegment onreadSegment;
  /** Plaintext decrypted as 'data' before onread was set, handed to onread before any newer plaintext; null when none. */
  private byte[] heldPlain;
  private int heldOffset;
  /** The write in progress: its chunks from (writeChunk, writeOffset) on are not encrypted yet; null once all are. */
  private byte[][] writeChunks;
  private int writeChunk;
  private int writeOffset;
  /** The write in progress's completion; null when none is in progress. */
  private Consumer<Throwable> writeDone;
  private boolean awaitingTransportDrain;
  private boolean completionScheduled;
  private final Runnable completeWriteTask = this::completeWrite;
  private final Runnable transportDrained = this::onTransportDrain;
  private Consumer<Throwable> heldFinal;

  TlsStream(Duplex socket, TlsSocketConfig config) {
    super(socket.loop(), config.allowHalfOpen(), config.highWaterMark(), config.highWaterMark());
    this.transport = socket;
    this.net = socket instanceof NetSocket n ? n : null;
    this.config = config;
    this.driver = new HandshakeDriver(config, new DriverOwner());
    this.engine = driver.engine();
    this.onread = config.onread();
    config.engineCreated();
    loop().run(this::attach);
  }

  // ---------------------------------------------------------------- wiring to the transport

  private void attach() {
    if (config.managesTransport()) {
      transport.allowHalfOpen(true);
    }
    armHandshakeTimer();
    try {
      driver.configure();
    } catch (NodeError e) {
      fail(e);
      return;
    }
    if (net != null) {
      net.setOnread(this::onCiphertext);
      net.on(NetSocket.CONNECT, () -> {
        emit(TlsSocket.CONNECT);
        start();
      });
      net.on(NetSocket.TIMEOUT, () -> emit(TlsSocket.TIMEOUT));
    } else {
      transport.on(DATA, chunk -> {
        if (!onCiphertext(chunk)) {
          transport.pause();
        }
      });
    }
    transport.on(END, this::onTransportEnd);
    transport.on(ERROR, this::onTransportError);
    transport.on(CLOSE, hadError -> onTransportClose());
    if (net == null || !net.pending()) { // a client handshakes once its transport connected
      start();
    }
    takeEarlyBytes();
  }

  /**
   * Wrapping late, as Node's initRead does: bytes the transport received and buffered before
   * this socket wrapped it (a ClientHello, or garbage) are processed now, and a transport that
   * already ended or closed ends this socket too.
   */
  private void takeEarlyBytes() {
    if (net != null && net.readableLength() > 0 && !destroyed()) {
      onCiphertext(net.read());
    }
    if (transport.destroyed()) {
      onTransportClose();
    } else if (transport.readableEnded() && !destroyed()) {
      onTransportEnd();
    }
  }

  /** A server gives each handshake, renegotiations included, handshakeTimeout to complete. */
  private void armHandshakeTimer() {
    if (config.isServer() && config.handshakeTimeout() > 0 && handshakeTimer == null) {
      handshakeTimer = loop().setTimeout(
          () -> fail(new NodeError("ERR_TLS_HANDSHAKE_TIMEOUT", "TLS handshake timeout")), config.handshakeTimeout());
    }
  }

  private void cancelHandshakeTimer() {
    if (handshakeTimer != null) {
      handshakeTimer.cancel();
      handshakeTimer = null;
    }
  }

  /** Sends the first message of a renegotiation {@link TlsSocket#renegotiate} scheduled; on the loop. */
  void startRenegotiation() {
    if (engine == null) {
      return;
    }
    armHandshakeTimer();
    try {
      if (!driver.startRenegotiation()) {
        return;
      }
    } catch (OpenSslError e) {
      flushNet();
      fail(e);
      return;
    }
    cycle();
  }

  private void start() {
    if (started || destroyed()) {
      return;
    }
    started = true;
    cycle();
  }

  /** Ciphertext from a NetSocket (the loop's read buffer, valid only during this call): lent to the engine, not copied. */
  private boolean onCiphertext(ByteBuffer data) {
    if (engine == null) {
      return false;
    }
    engine.feed(MemorySegment.ofBuffer(data), data.remaining(), loopBuffers().lentInput);
    cycle();
    return !readBlocked;
  }

  /** Ciphertext from any other Duplex, through the loop's input buffer a piece at a time. */
  private boolean onCiphertext(byte[] chunk) {
    LoopBuffers b = loopBuffers();
    int off = 0;
    while (off < chunk.length && engine != null) {
      int n = Math.min(chunk.length - off, LoopBuffers.NET_CAPACITY);
      MemorySegment.copy(chunk, off, b.netInSegment, ValueLayout.JAVA_BYTE, 0, n);
      engine.feed(b.netInSegment, n, b.lentInput);
      off += n;
      cycle(); // it settles the engine's input before the next piece overwrites netIn
    }
    return !readBlocked;
  }

  /** Lent ciphertext must not outlive the cycle: the engine keeps what it has not read yet. */
  private void settleInput() {
    if (engine != null) {
      engine.settleInput();
    }
  }

  /** Advances the handshake, then moves plaintext to the reader and ciphertext to the network. */
  private void cycle() {
    cycling = true;
    try {
      if (!driver.secure()) {
        boolean done = driver.advance();
        if (engine == null) {
          return;
        }
        if (driver.callbackFailure() != null) {
          // a pskCallback threw or answered what OpenSSL cannot take: OpenSSL may go on without it, the socket does not
          fail(driver.callbackFailure());
          return;
        }
        emitSessions(); // the handshake's sessions wait here until the peer is verified
        if (!done) {
          flushNet();
          return;
        }
        // As in Node, the handshake's last flight leaves only after the 'secure' listeners ran:
        // a peer they refuse (destroying this socket) never completes its side of the handshake.
        onHandshakeDone();
        if (engine == null || destroyed()) {
          return;
        }
      }
      readPlaintext();
      emitSessions();
      if (heldFinal != null && engine != null && !destroyed()) {
        // an end held until a newSession callback answered goes now, in this cycle's flush
        releaseHeldWrites();
      }
      if (engine != null) {
        flushNet();
      }
    } catch (OpenSslError e) {
      RuntimeException callbackFailure = driver.callbackFailure();
      if (engine != null) {
        emitKeylog(engine.takeKeylog());
        if (callbackFailure == null) {
          flushNet(); // the alert OpenSSL queued for the peer (Node sends none when its ALPNCallback failed)
        }
      }
      if (callbackFailure != null) {
        fail(callbackFailure);
      } else if (driver.dropsQuietly(e)) {
        destroy();
      } else {
        fail(e);
      }
    } finally {
      cycling = false;
      settleInput();
    }
    // a write made during the cycle, or held by a renegotiation until the peer's messages came, goes on now
    pumpWrite();
  }

  /** The socket's side of the handshake driver. */
  private final class DriverOwner implements HandshakeDriver.Owner {
    @Override
    public EventLoop loop() {
      return TlsStream.this.loop();
    }

    @Override
    public void keylog(List<byte[]> lines) {
      emitKeylog(lines);
    }

    @Override
    public boolean wantsKeylog() {
      return listenerCount(TlsSocket.KEYLOG) > 0;
    }

    @Override
    public void resume() {
      if (engine != null) {
        cycle();
      }
    }

    @Override
    public void fail(Throwable error) {
      TlsStream.this.fail(error);
    }

    @Override
    public void destroy(Throwable error) {
      TlsStream.this.destroy(error);
    }

    @Override
    public TlsSocket socket() {
      return self();
    }

    @Override
    public void renegotiated() {
      cancelHandshakeTimer();
      HandshakeDriver.Rejection rejection = driver.reverify(config.isServer() ? null : getPeerCertificate(true));
      if (rejection != null) {
        destroy(rejection.error());
        if (rejection.error() != null) {
          return; // a client's 'error' says why; no 'secure' after it
        }
      }
      // A server refuses quietly and, as Node, still emits 'secure' (renegotiate()'s callback waits for it).
      emit(TlsSocket.SECURE);
    }
  }

  /**
   * The client's 'session' events for sessions OpenSSL made, once the peer was verified (a
   * server's sessions go to its 'newSession' through the driver).
   */
  private void emitSessions() {
    if (engine == null) {
      return;
    }
    for (byte[] session : driver.takeSessions(controlReleased)) {
      sessionInEvent = session;
      try {
        emit(TlsSocket.SESSION, session);
      } finally {
        sessionInEvent = null;
      }
    }
  }

  /**
   * The session a 'session' listener is being given, else null. Node emits 'session' from inside
   * OpenSSL's new-session callback, so getSession() there is that session even when a second
   * TLSv1.3 ticket arrived in the same read; jtls emits after the read, so it answers from this.
   */
  byte[] sessionInEvent() {
    return sessionInEvent;
  }

  private void emitKeylog(List<byte[]> lines) {
    if (lines.isEmpty()) {
      return; // the common case, on every read: no iterator
    }
    for (byte[] line : lines) {
      emit(TlsSocket.KEYLOG, line);
    }
  }

  @Override
  protected void listenerAdded(Event<?> event) {
    super.listenerAdded(event);
    if (event == TlsSocket.SESSION && !config.isServer()) {
      driver.engine().recordSessions();
    }
    if (event == TlsSocket.KEYLOG) {
      driver.engine().logKeys();
    }
  }

  /**
   * Decrypts what the engine has for the reader: into the decrypt scratch buffer and out as
   * 'data' chunks, or, with the onread option, straight into the user's buffer (a heap buffer
   * through the scratch buffer), which is lent to the callback until it returns.
   */
  private void readPlaintext() {
    while (engine != null && !readBlocked) {
      TlsOnRead onread = this.onread; // a callback may replace it
      if (onread != null && heldPlain != null) {
        readBlocked = !deliverHeld(onread);
        continue;
      }
      ByteBuffer user = onread == null ? null : onread.buffer().get();
      boolean direct = user != null && user.isDirect();
      MemorySegment target = direct ? segmentOf(user) : loopBuffers().plainIn;
      int capacity = direct ? user.capacity()
          : user == null ? LoopBuffers.PLAIN_CAPACITY : Math.min(user.capacity(), LoopBuffers.PLAIN_CAPACITY);
      int n = engine.read(target, capacity);
      if (!driver.afterCall()) {
        break; // a renegotiation over the limit, or refused
      }
      if (n == TlsEngine.WANT_READ) {
        break;
      }
      if (n == TlsEngine.CLOSED) {
        peerEnded = true;
        pushEndAndRead();
        break;
      }
      boolean more;
      if (user == null) {
        byte[] chunk = new byte[n]; // the one allocation of a 'data' chunk
        MemorySegment.copy(target, ValueLayout.JAVA_BYTE, 0, chunk, 0, n);
        more = push(chunk);
      } else {
        if (!direct) {
          MemorySegment.copy(target, ValueLayout.JAVA_BYTE, 0, user.array(), user.arrayOffset(), n);
        }
        more = onread.callback().onRead(n, user.clear().limit(n));
      }
      if (!more) {
        readBlocked = true;
      }
    }
    if (engine != null) {
      emitKeylog(engine.takeKeylog()); // a TLSv1.2 renegotiation's lines
    }
  }

  /**
   * Node's pause(): with onread (which has no buffer to fill meanwhile) it stops decrypting and
   * reading the transport until resume(), as Node's socket stops reading in that mode.
   */
  @Override
  public Duplex pause() {
    onLoop(() -> {
      super.pause();
      if (onread != null) {
        readBlocked = true;
      }
    });
    return this;
  }

  /**
   * Switches the reader to {@code value} (or back to 'data' events with null), on the loop. Plaintext
   * already decrypted into the readable buffer is taken with {@link #read()} (which, as Node's, also
   * emits it as one 'data' chunk to any 'data' listener still attached) and handed to the callback
   * before anything decrypted later, so nothing is lost or reordered; once the peer's end arrived it
   * stays buffered for 'data'. A paused socket starts delivering at resume().
   */
  void useOnread(TlsOnRead value) {
    onread = value;
    if (value == null) {
      if (heldPlain != null) {
        byte[] rest = Arrays.copyOfRange(heldPlain, heldOffset, heldPlain.length);
        heldPlain = null;
        readBlocked = !push(rest);
      }
      return;
    }
    boolean wasBlocked = readBlocked;
    readBlocked = false; // so that read() below does not decrypt more before the buffered bytes are held
    if (readableLength() > 0 && !peerEnded && heldPlain == null) {
      heldPlain = read();
      heldOffset = 0;
    }
    if (isPaused()) {
      readBlocked = true;
    } else if ((wasBlocked || heldPlain != null) && !cycling && engine != null) {
      cycle(); // inside a cycle, its own readPlaintext delivers them
      if (!readBlocked) {
        transport.resume();
      }
    }
  }

  /** Hands the next piece of {@link #heldPlain} to onread through its buffer; the callback's answer. */
  private boolean deliverHeld(TlsOnRead onread) {
    ByteBuffer user = onread.buffer().get().clear();
    int n = Math.min(user.capacity(), heldPlain.length - heldOffset);
    user.put(heldPlain, heldOffset, n).flip();
    heldOffset += n;
    if (heldOffset == heldPlain.length) {
      heldPlain = null;
    }
    return onread.callback().onRead(n, user);
  }

  /** The native view of a user's direct onread buffer, made once per buffer rather than per read. */
  private MemorySegment segmentOf(ByteBuffer user) {
    if (user != onreadBuffer) {
      onreadBuffer = user;
      onreadSegment = MemorySegment.ofBuffer(user.duplicate().clear());
    }
    return onreadSegment;
  }

  @Override
  protected void _read() {
    if (readBlocked) {
      readBlocked = false;
      if (engine != null) {
        cycle();
      }
      if (!readBlocked) {
        transport.resume();
      }
    }
  }

  /**
   * Sends every pending ciphertext byte to the transport. Once the transport's writable side has
   * ended (after our close_notify), what OpenSSL still produces (a KeyUpdate answering the peer's)
   * has nowhere to go and is dropped, as Node's TLSWrap does, rather than becoming a write after end.
   */
  private void flushNet() {
    while (engine != null) {
      ByteBuffer out = engine.pendingOutput(); // OpenSSL's own output memory: the transport takes it, or copies what it cannot send
      if (out == null) {
        return;
      }
      int n = out.remaining();
      if (!transport.writableEnded() && !transport.destroyed()) {
        transport.write(out);
      }
      if (engine != null) {
        engine.discardOutput(n);
      }
    }
  }

  private LoopBuffers loopBuffers() {
    LoopBuffers b = buffers;
    if (b == null) {
      b = buffers = LoopBuffers.of(loop());
    }
    return b;
  }

  // ---------------------------------------------------------------- handshake completion

  private void onHandshakeDone() {
    cancelHandshakeTimer();
    emit(TlsSocket.SECURE);
    if (engine == null) {
      return;
    }
    if (!config.isServer() && DhParamSize.refuses(self(), minDhSize)) {
      return;
    }
    HandshakeDriver.Rejection rejection = driver.verify(config.isServer() ? null : getPeerCertificate(true));
    if (rejection != null) {
      destroy(rejection.error());
      return;
    }
    controlReleased = true;
    if (config.isServer()) {
      if (config.server() != null) {
        config.server().secureConnection(self());
      }
    } else if (config.emitsSecureConnect()) {
      emit(TlsSocket.SECURE_CONNECT);
    }
    emitSessions();
    if (engine != null && !destroyed()) {
      releaseHeldWrites();
    }
  }

  // ---------------------------------------------------------------- writable side

  @Override
  protected void _write(byte[] chunk, Consumer<Throwable> done) {
    encrypt(new byte[][] {chunk}, done);
  }

  @Override
  protected boolean hasWritev() {
    return true;
  }

  @Override
  protected void _writev(List<byte[]> chunks, Consumer<Throwable> done) {
    encrypt(chunks.toArray(byte[][]::new), done);
  }

  /**
   * A buffer written while nothing else is queued: once the handshake is done and the transport
   * has room, it is encrypted straight from the caller's memory ({@link BufferEncryptor}); else it
   * is copied and waits as a queued write does. Either way it completes, as every write does, once
   * the transport took its ciphertext (see {@link #pumpWrite}).
   */
  @Override
  protected void _writeBuffer(ByteBuffer buffer, Consumer<Throwable> done) {
    if (engine == null || !driver.secure() || driver.holdsOutgoing() || transportFull()) {
      encrypt(new byte[][] {BufferEncryptor.copyOf(buffer)}, done);
      return;
    }
    byte[] rest;
    try {
      rest = BufferEncryptor.encrypt(engine, loopBuffers(), buffer);
    } catch (OpenSslError e) {
      buffer.position(buffer.limit());
      done.accept(e);
      return;
    }
    begin(rest == null ? null : new byte[][] {rest}, done);
    if (!cycling) {
      flushNet(); // inside a cycle the records leave with the cycle's own flush
    }
    pumpWrite();
  }

  /**
   * Starts a write: its plaintext is encrypted and sent a batch at a time (see {@link #pumpWrite}),
   * and {@code done} is called, always asynchronously as Node's TLSWrap does, once the transport
   * took the last of its ciphertext. Until then the Duplex queues further writes and counts them
   * in writableLength, so write() returns false at the high-water mark, and the writes of one tick
   * leave together as the next batch.
   */
  private void encrypt(byte[][] chunks, Consumer<Throwable> done) {
    if (engine == null) {
      done.accept(new NodeError("ERR_STREAM_DESTROYED", "Cannot call write after a stream was destroyed"));
      return;
    }
    begin(chunks, done);
    pumpWrite(); // before the handshake is done, or while a newSession callback is awaited, it waits: a later cycle pumps again
  }

  /** Makes {@code chunks} (null: nothing left to encrypt) the write in progress, completed through {@code done}. */
  private void begin(byte[][] chunks, Consumer<Throwable> done) {
    writeChunks = chunks;
    writeChunk = 0;
    writeOffset = 0;
    writeDone = done;
  }

  /**
   * Moves the write in progress on: while the transport has room, encrypts a batch of records and
   * hands it on. When the transport is full it waits for its 'drain', so the ciphertext not yet
   * accepted by the transport never exceeds its high-water mark plus one batch. Inside a cycle the
   * batch waits in the engine for the cycle's own flush (a reply written from a 'data' listener
   * leaves with whatever else the cycle sends), and the cycle pumps again at its end.
   */
  private void pumpWrite() {
    while (writeDone != null && engine != null && !destroyed() && driver.secure() && !driver.holdsOutgoing()
        && !awaitingTransportDrain && !completionScheduled) {
      if (transportFull()) {
        awaitingTransportDrain = true;
        transport.once(DRAIN, transportDrained);
        return;
      }
      if (writeChunks == null) {
        completionScheduled = true;
        loop().nextTick(completeWriteTask);
        return;
      }
      try {
        if (!encryptBatch()) {
          if (!cycling) {
            flushNet(); // what that SSL_write sent of the renegotiation (a ClientHello, a server's flight) must leave now
          }
          return; // a renegotiation must hear from the peer first: the next cycle offers the same record again
        }
      } catch (OpenSslError e) {
        Consumer<Throwable> done = writeDone;
        writeDone = null;
        writeChunks = null;
        done.accept(e);
        return;
      }
      if (cycling) {
        return;
      }
      flushNet();
    }
  }

  /**
   * Whether the transport holds ciphertext it has not handed on yet and will emit 'drain' once it
   * has. A transport that handed a large write on at once still owes the 'drain' of its write()
   * returning false, but has room: waiting for it would only hold the next batch back.
   */
  private boolean transportFull() {
    return transport.writableNeedDrain() && transport.writableLength() > 0;
  }

  private void onTransportDrain() {
    awaitingTransportDrain = false;
    pumpWrite();
  }

  private void completeWrite() {
    completionScheduled = false;
    Consumer<Throwable> done = writeDone;
    if (done != null) {
      writeDone = null;
      done.accept(null);
    }
  }

  /**
   * Hands OpenSSL up to {@link LoopBuffers#BATCH_RECORDS} records of the write in progress, small
   * chunks sharing a record. False when OpenSSL must first read the peer's handshake messages; the
   * position then stays at the record it could not take, so the retry offers that same record.
   */
  private boolean encryptBatch() {
    MemorySegment plain = loopBuffers().plainOut;
    for (int records = 0; records < LoopBuffers.BATCH_RECORDS && writeChunks != null; records++) {
      byte[][] chunks = writeChunks;
      int i = writeChunk;
      int off = writeOffset;
      int staged = 0;
      while (i < chunks.length && staged < LoopBuffers.PLAIN_CAPACITY) {
        byte[] chunk = chunks[i];
        int n = Math.min(chunk.length - off, LoopBuffers.PLAIN_CAPACITY - staged);
        MemorySegment.copy(chunk, off, plain, ValueLayout.JAVA_BYTE, staged, n);
        staged += n;
        off += n;
        if (off == chunk.length) {
          i++;
          off = 0;
        }
      }
      if (staged > 0 && !engine.write(plain, staged)) {
        return false;
      }
      writeChunk = i;
      writeOffset = off;
      if (i == chunks.length) {
        writeChunks = null;
      }
    }
    return true;
  }

  private void releaseHeldWrites() {
    pumpWrite();
    if (heldFinal != null) {
      Consumer<Throwable> done = heldFinal;
      heldFinal = null;
      _final(done);
    }
  }

  @Override
  protected void _final(Consumer<Throwable> done) {
    if ((!driver.secure() || driver.holdsOutgoing()) && engine != null) {
      heldFinal = done;
      return;
    }
    if (engine != null) {
      engine.shutdown();
      flushNet();
    }
    transport.end();
    done.accept(null);
  }

  // ---------------------------------------------------------------- errors and teardown

  private void onTransportEnd() {
    if (!driver.secure()) {
      if (config.isServer()) {
        destroy();
      } else {
        fail(new DisconnectedError(config.target()));
      }
      return;
    }
    peerEnded = true;
    pushEndAndRead();
  }

  /**
   * A write that fails because the peer is already gone, after it said it was done (close_notify
   * or EOF), is the ordinary end of a close race, not an error: Node's server sees none when a
   * client sends close_notify and closes at once.
   */
  private void onTransportError(Throwable error) {
    if (peerEnded && error instanceof SystemError se && ("EPIPE".equals(se.code()) || "ECONNRESET".equals(se.code()))) {
      destroy();
      return;
    }
    fail(error);
  }

  private void onTransportClose() {
    if (!destroyed()) {
      destroy();
    }
  }

  /**
   * Routes an error the way Node does: before a server socket is handed to the user it becomes the
   * server's 'tlsClientError', emitted once the socket is destroyed (quietly); otherwise it is this
   * socket's 'error'.
   */
  private void fail(Throwable error) {
    if (hadError || destroyed()) {
      return;
    }
    hadError = true;
    if (config.server() != null && !controlReleased) {
      destroy();
      config.server().tlsClientError(error, self());
    } else {
      destroy(error);
    }
  }

  @Override
  protected void _destroy(Throwable error, Consumer<Throwable> done) {
    cancelHandshakeTimer();
    driver.close();
    engine = null;
    if (writeDone != null) {
      Consumer<Throwable> held = writeDone;
      writeDone = null;
      writeChunks = null;
      held.accept(new NodeError("ERR_STREAM_DESTROYED", "Cannot call write after a stream was destroyed"));
    }
    transport.destroy();
    if (config.server() != null && !controlReleased && !hadError) {
      hadError = true;
      config.server().tlsClientError(new NodeError("ECONNRESET", "socket hang up"), self());
    }
    done.accept(error);
  }

  /** The peer's certificate object (see {@link TlsSocket#getPeerCertificate(boolean)}). */
  abstract PeerCertificate getPeerCertificate(boolean detailed);

  private TlsSocket self() {
    return (TlsSocket) this;
  }
}
