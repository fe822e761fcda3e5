package dev.jtls.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.util.Locale;

/**
 * The Netty yardstick for the side-by-side benchmark: a TLS echo server on 127.0.0.1.
 *
 * <p>Usage: {@code NettyEchoServer PORT CERT KEY [openssl|jdk] [--threads N]}. {@code openssl} (the default)
 * is Netty's BoringSSL engine from netty-tcnative, {@code jdk} is the JDK's SSLEngine. By default one event
 * loop thread accepts and serves every connection, so the server fits on the one core the benchmark pins it
 * to; {@code --threads N} (for the multi-core figures) makes it a group of N threads, one of which also
 * accepts, with the connections spread over all N. Everything else, session resumption included, is left as
 * Netty configures it by default.
 */
public final class NettyEchoServer {

    private NettyEchoServer() {}

    public static void main(String[] args) throws Exception {
        int threads = 1;
        int positional = args.length;
        if (args.length >= 2 && args[args.length - 2].equals("--threads")) {
            threads = Integer.parseInt(args[args.length - 1]);
            positional -= 2;
        }
        if (positional < 3 || positional > 4 || threads < 1) {
            System.err.println("usage: NettyEchoServer PORT CERT KEY [openssl|jdk] [--threads N]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        SslProvider provider = provider(positional == 4 ? args[3] : "openssl");
        SslContext sslContext = SslContextBuilder.forServer(new File(args[1]), new File(args[2]))
                .sslProvider(provider)
                .build();

        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap()
                    .group(loop)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(sslContext.newHandler(ch.alloc()), Echo.INSTANCE);
                        }
                    })
                    .bind("127.0.0.1", port).sync().channel();
            System.out.println("netty echo server on 127.0.0.1:" + port + " with " + describe(provider) + " on "
                    + threads + (threads == 1 ? " thread" : " threads"));
            server.closeFuture().sync();
        } finally {
            loop.shutdownGracefully();
        }
    }

    private static SslProvider provider(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "openssl":
                // Fail loudly rather than let Netty fall back to the JDK engine and mislabel the figures.
                OpenSsl.ensureAvailability();
                return SslProvider.OPENSSL;
            case "jdk":
                return SslProvider.JDK;
            default:
                throw new IllegalArgumentException("provider must be openssl or jdk, not " + name);
        }
    }

    private static String describe(SslProvider provider) {
        return provider == SslProvider.OPENSSL
                ? "OPENSSL provider (" + OpenSsl.versionString() + ")"
                : "JDK provider (" + System.getProperty("java.vm.name") + " " + Runtime.version() + ")";
    }

    /** Writes back every read; stops reading while the peer is not taking the echo, as Node's pipe does. */
    @ChannelHandler.Sharable
    private static final class Echo extends ChannelInboundHandlerAdapter {
        static final Echo INSTANCE = new Echo();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            ctx.channel().config().setAutoRead(ctx.channel().isWritable());
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // Load generators drop connections abruptly; a reset is expected and not worth a log line.
            ctx.close();
        }
    }
}
