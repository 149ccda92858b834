package io.sluice.node.client;

import io.sluice.proto.client.Reply;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection's replies in command order: a command answered at once still waits for every earlier
 * command's reply, so a client sees its replies in the order it sent the commands. Lives on the
 * connection's event loop.
 */
final class ReplyOrder {

    /** One command's place in the order; its reply fills in when the command is answered. */
    static final class Slot {
        private Reply reply;
        /** Subscriptions whose pushes wait for this reply to be on the wire (it is their subscribe or connect reply). */
        private final List<Subscription> releases = new ArrayList<>(0);

        Reply reply() {
            return reply;
        }

        List<Subscription> releases() {
            return releases;
        }

        void releases(Subscription sub) {
            releases.add(sub);
        }
    }

    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    private int unanswered;

    /** A place for a command answered later ({@link #answer}). */
    Slot reserve() {
        Slot slot = new Slot();
        slots.add(slot);
        unanswered++;
        return slot;
    }

    void answer(Slot slot, Reply reply) {
        if (slot.reply == null) {
            unanswered--;
        }
        slot.reply = reply;
    }

    /** Commands whose reply is still to come: the async commands in flight. */
    int unanswered() {
        return unanswered;
    }

    /** Takes the answered slots at the head, in command order, up to the first unanswered one. */
    List<Slot> takeAnswered() {
        List<Slot> ready = new ArrayList<>();
        while (!slots.isEmpty() && slots.peek().reply != null) {
            ready.add(slots.poll());
        }
        return ready;
    }

    void clear() {
        slots.clear();
        unanswered = 0;
    }
}
