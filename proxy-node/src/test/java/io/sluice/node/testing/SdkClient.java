package io.sluice.node.testing;

import io.github.centrifugal.centrifuge.Client;
import io.github.centrifugal.centrifuge.ConnectedEvent;
import io.github.centrifugal.centrifuge.ConnectingEvent;
import io.github.centrifugal.centrifuge.DisconnectedEvent;
import io.github.centrifugal.centrifuge.EventListener;
import io.github.centrifugal.centrifuge.JoinEvent;
import io.github.centrifugal.centrifuge.LeaveEvent;
import io.github.centrifugal.centrifuge.Options;
import io.github.centrifugal.centrifuge.PresenceResult;
import io.github.centrifugal.centrifuge.PresenceStatsResult;
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
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One official centrifuge-java 0.4.1 client (Protobuf protocol) whose connection and subscription
 * events are recorded by name for a test thread to wait on: {@code connected} (client id),
 * {@code connecting} / {@code disconnected} (code), and per channel {@code subscribed:CH},
 * {@code subscribing:CH} (code), {@code error:CH} (code), {@code unsubscribed:CH} (code),
 * {@code publication:CH} (data), {@code join:CH} / {@code leave:CH} (user).
 */
public final class SdkClient implements AutoCloseable {

    private final Map<String, BlockingQueue<Object>> events = new ConcurrentHashMap<>();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Client client;
    private volatile String clientId;

    private SdkClient(String url, String user) {
        Options options = new Options();
        options.setToken(Jwt.forUser(user, 600));
        options.setMinReconnectDelay(200);
        options.setMaxReconnectDelay(1000);
        client = new Client(url, options, new EventListener() {
            @Override
            public void onConnected(Client c, ConnectedEvent e) {
                clientId = e.getClient();
                record("connected", e.getClient());
            }

            @Override
            public void onConnecting(Client c, ConnectingEvent e) {
                record("connecting", e.getCode());
            }

            @Override
            public void onDisconnected(Client c, DisconnectedEvent e) {
                record("disconnected", e.getCode());
            }
        });
    }

    /** A client of {@code user} (a valid token) that has started connecting to {@code url}. */
    public static SdkClient connect(String url, String user) {
        SdkClient sdk = new SdkClient(url, user);
        sdk.client.connect();
        return sdk;
    }

    /** Waits for the connection and returns the client id the node gave it. */
    public String awaitConnected() throws InterruptedException {
        return next("connected", 10);
    }

    public String clientId() {
        return clientId;
    }

    public Client client() {
        return client;
    }

    /** Subscribes with join/leave pushes on; returns at once (wait for {@code subscribed:CH}). */
    public Subscription subscribe(String channel) throws Exception {
        SubscriptionOptions options = new SubscriptionOptions();
        options.setJoinLeave(true);
        options.setMinResubscribeDelay(200);
        options.setMaxResubscribeDelay(1000);
        Subscription sub = client.newSubscription(channel, options, new SubscriptionEventListener() {
            @Override
            public void onSubscribed(Subscription s, SubscribedEvent e) {
                record("subscribed:" + channel, true);
            }

            @Override
            public void onSubscribing(Subscription s, SubscribingEvent e) {
                record("subscribing:" + channel, e.getCode());
            }

            @Override
            public void onError(Subscription s, SubscriptionErrorEvent e) {
                Throwable err = e.getError();
                if (err instanceof SubscriptionSubscribeError sse && sse.getError() instanceof ReplyError re) {
                    record("error:" + channel, re.getCode());
                }
            }

            @Override
            public void onPublication(Subscription s, PublicationEvent e) {
                record("publication:" + channel, new String(e.getData(), StandardCharsets.UTF_8));
            }

            @Override
            public void onJoin(Subscription s, JoinEvent e) {
                record("join:" + channel, e.getInfo().getUser());
            }

            @Override
            public void onLeave(Subscription s, LeaveEvent e) {
                record("leave:" + channel, e.getInfo().getUser());
            }

            @Override
            public void onUnsubscribed(Subscription s, UnsubscribedEvent e) {
                record("unsubscribed:" + channel, e.getCode());
            }
        });
        subscriptions.put(channel, sub);
        sub.subscribe();
        return sub;
    }

    /** Subscribes and waits until the SDK reports the subscription. */
    public Subscription subscribed(String channel) throws Exception {
        Subscription sub = subscribe(channel);
        next("subscribed:" + channel, 10);
        return sub;
    }

    public Subscription subscription(String channel) {
        return subscriptions.get(channel);
    }

    /** The presence of {@code channel} as the SDK gets it: client id → user; a reply error as its code. */
    public Map<String, String> presence(String channel) throws Exception {
        CompletableFuture<PresenceResult> result = new CompletableFuture<>();
        subscriptions.get(channel).presence((err, res) -> complete(result, err, res));
        Map<String, String> users = new java.util.TreeMap<>();
        result.get(10, TimeUnit.SECONDS).getClients().forEach((id, info) -> users.put(id, info.getUser()));
        return users;
    }

    public PresenceStatsResult presenceStats(String channel) throws Exception {
        CompletableFuture<PresenceStatsResult> result = new CompletableFuture<>();
        subscriptions.get(channel).presenceStats((err, res) -> complete(result, err, res));
        return result.get(10, TimeUnit.SECONDS);
    }

    /** The code of the error the node answers a presence call with, or 0 if it succeeds. */
    public int presenceErrorCode(String channel) throws Exception {
        CompletableFuture<Integer> code = new CompletableFuture<>();
        subscriptions.get(channel).presence((err, res) ->
                code.complete(err == null ? 0 : err instanceof ReplyError re ? re.getCode() : -1));
        return code.get(10, TimeUnit.SECONDS);
    }

    public void record(String name, Object value) {
        queue(name).add(value);
    }

    /** The next value recorded under {@code name}, waiting up to {@code seconds}. */
    @SuppressWarnings("unchecked")
    public <T> T next(String name, long seconds) throws InterruptedException {
        Object value = queue(name).poll(seconds, TimeUnit.SECONDS);
        if (value == null) {
            throw new AssertionError("no '" + name + "' event within " + seconds + " s; saw " + events.keySet());
        }
        return (T) value;
    }

    /** The next {@code count} values under {@code name}, each within {@code seconds}. */
    public <T> List<T> next(String name, int count, long seconds) throws InterruptedException {
        List<T> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(next(name, seconds));
        }
        return values;
    }

    /** Whether nothing is (still) recorded under {@code name}. */
    public boolean none(String name) {
        return queue(name).isEmpty();
    }

    /** Takes every value recorded so far under {@code name}. */
    public List<Object> drain(String name) {
        List<Object> values = new ArrayList<>();
        queue(name).drainTo(values);
        return values;
    }

    private BlockingQueue<Object> queue(String name) {
        return events.computeIfAbsent(name, n -> new LinkedBlockingQueue<>());
    }

    private static <T> void complete(CompletableFuture<T> future, Throwable err, T result) {
        if (err != null) {
            future.completeExceptionally(err);
        } else {
            future.complete(result);
        }
    }

    @Override
    public void close() {
        client.disconnect();
        try {
            client.close(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
