package io.sluice.node.protocol;

import com.google.protobuf.Descriptors.Descriptor;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/** The fields of one message type, indexed by JSON key (reading) and by number (writing). */
final class MessageSchema {
    private final Map<String, FieldSchema> byName;
    private final FieldSchema[] byNumber;
    private final int[] numbers;
    /** Fields written even when they hold the default value, in number order. */
    final FieldSchema[] alwaysEmitted;

    MessageSchema(Descriptor descriptor, ProtoJson owner) {
        byNumber = descriptor.getFields().stream()
                .map(field -> new FieldSchema(field, owner))
                .sorted(Comparator.comparingInt(field -> field.number))
                .toArray(FieldSchema[]::new);
        numbers = Arrays.stream(byNumber).mapToInt(field -> field.number).toArray();
        byName = new HashMap<>();
        for (FieldSchema field : byNumber) {
            byName.put(field.name, field);
        }
        alwaysEmitted = Arrays.stream(byNumber)
                .filter(field -> owner.isAlwaysEmitted(field.descriptor))
                .toArray(FieldSchema[]::new);
    }

    /** The field with this JSON key, or null for keys this schema does not know. */
    FieldSchema field(String jsonName) {
        return byName.get(jsonName);
    }

    /** The field with this number, or null for unknown fields. */
    FieldSchema field(int number) {
        int index = Arrays.binarySearch(numbers, number);
        return index >= 0 ? byNumber[index] : null;
    }
}
