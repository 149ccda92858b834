package io.sluice.node.sdk;

import io.github.centrifugal.centrifuge.ConnectedEvent;
import io.github.centrifugal.centrifuge.ConnectingEvent;
import io.github.centrifugal.centrifuge.DisconnectedEvent;
import io.github.centrifugal.centrifuge.DuplicateSubscriptionException;
import io.github.centrifugal.centrifuge.EventListener;
import io.github.centrifugal.centrifuge.MessageEvent;
import io.github.centrifugal.centrifuge.Options;
import io.github.centrifugal.centrifuge.PublicationEvent;
import io.github.centrifugal.centrifuge.ReplyError;
import io.github.centrifugal.centrifuge.SubscribedEvent;
import io.github.centrifugal.centrifuge.SubscribingEvent;
import io.github.centrifugal.centrifuge.Subscription;
import io.github.centrifugal.centrifuge.SubscriptionErrorEvent;
import io.github.centrifugal.centrifuge.SubscriptionEventListener;
import io.github.centrifugal.centrifuge.SubscriptionOptions;
import io.github.centrifugal.centrifuge.SubscriptionSubscribeError;
import io.github.centrifugal.centrifuge.UnsubscribedEvent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The official centrifuge-java SDK 0.4.1 (Protobuf), unchanged, in this JVM. Its {@code Client} is
 * spelled out in full here, since {@link SdkDriver.Client} takes the short name.
 */
final class JavaDriver implements SdkDriver {

    private final List<io.github.centrifugal.centrifuge.Client> clients = new ArrayList<>();

    @Override
    public String protocol() {
        return "protobuf";
    }

    @Override
    public boolean errorEventOnTerminalSubscribeError() {
        // Subscription.subscribeError: onError for every subscribe error, then unsubscribed unless temporary.
        return true;
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] data) {
        return data == null || data.length == 0 ? null : new String(data, StandardCharsets.UTF_8);
    }

    /** The server's error inside the SDK's wrapper of a subscribe error. */
    private static Throwable unwrap(Throwable error) {
        return error instanceof SubscriptionSubscribeError wrapped ? wrapped.getError() : error;
    }

    /** 0 for success, the server's error code, or -1 for an error of the SDK's own. */
    private static int code(Throwable error) {
        if (error == null) {
            return 0;
        }
        return unwrap(error) instanceof ReplyError reply ? reply.getCode() : -1;
    }

    @Override
    public SdkDriver.Client client(ClientOptions options) {
        Events events = new Events();
        Options sdkOptions = new Options();
        if (options.token() != null) {
            sdkOptions.setToken(options.token());
        }
        if (options.data() != null) {
            sdkOptions.setData(bytes(options.data()));
        }
        sdkOptions.setHeaders(options.headers());
        var client = new io.github.centrifugal.centrifuge.Client(options.url(), sdkOptions, new EventListener() {
            @Override
            public void onConnected(io.github.centrifugal.centrifuge.Client c, ConnectedEvent e) {
                new SdkEvent("connected", null, 0, e.getClient(), text(e.getData())).recordOn(events);
            }

            @Override
            public void onConnecting(io.github.centrifugal.centrifuge.Client c, ConnectingEvent e) {
                new SdkEvent("connecting", null, e.getCode(), e.getReason(), null).recordOn(events);
            }

            @Override
            public void onDisconnected(io.github.centrifugal.centrifuge.Client c, DisconnectedEvent e) {
                new SdkEvent("disconnected", null, e.getCode(), e.getReason(), null).recordOn(events);
            }

            @Override
            public void onMessage(io.github.centrifugal.centrifuge.Client c, MessageEvent e) {
                new SdkEvent("message", null, 0, null, text(e.getData())).recordOn(events);
            }
        });
        synchronized (clients) {
            clients.add(client);
        }
        return new SdkDriver.Client() {
            @Override
            public Events events() {
                return events;
            }

            @Override
            public void connect() {
                client.connect();
            }

            @Override
            public void subscribe(String channel, String data) {
                Subscription sub = client.getSubscription(channel);
                if (sub == null) {
                    sub = newSubscription(client, channel, data, events);
                }
                sub.subscribe();
            }

            @Override
            public void unsubscribe(String channel) {
                client.getSubscription(channel).unsubscribe();
            }

            @Override
            public void publish(String channel, String data) {
                client.getSubscription(channel).publish(bytes(data), (err, result) ->
                        new SdkEvent("published", channel, code(err), err == null ? null : err.getMessage(), null)
                                .recordOn(events));
            }

            @Override
            public void send(String data) {
                client.send(bytes(data), err -> new SdkEvent("sent", null, code(err), null, null).recordOn(events));
            }

            @Override
            public void disconnect() {
                client.disconnect();
            }
        };
    }

    private static Subscription newSubscription(io.github.centrifugal.centrifuge.Client client, String channel,
                                                String data, Events events) {
        SubscriptionOptions options = new SubscriptionOptions();
        if (data != null) {
            options.setData(bytes(data));
        }
        try {
            return client.newSubscription(channel, options, new SubscriptionEventListener() {
                @Override
                public void onSubscribing(Subscription s, SubscribingEvent e) {
                    new SdkEvent("subscribing", channel, e.getCode(), e.getReason(), null).recordOn(events);
                }

                @Override
                public void onSubscribed(Subscription s, SubscribedEvent e) {
                    new SdkEvent("subscribed", channel, 0, null, text(e.getData())).recordOn(events);
                }

                @Override
                public void onUnsubscribed(Subscription s, UnsubscribedEvent e) {
                    new SdkEvent("unsubscribed", channel, e.getCode(), e.getReason(), null).recordOn(events);
                }

                @Override
                public void onError(Subscription s, SubscriptionErrorEvent e) {
                    Throwable error = unwrap(e.getError());
                    new SdkEvent("error", channel, code(error), error.getMessage(), null).recordOn(events);
                }

                @Override
                public void onPublication(Subscription s, PublicationEvent e) {
                    new SdkEvent("publication", channel, 0, null, text(e.getData())).recordOn(events);
                }
            });
        } catch (DuplicateSubscriptionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        synchronized (clients) {
            for (io.github.centrifugal.centrifuge.Client client : clients) {
                try {
                    client.close(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            clients.clear();
        }
    }
}
