package io.marketflow.sink.storage;

/**
 * One listed object.
 *
 * @param key its key
 * @param size its size in bytes
 */
public record StoredObject(String key, long size) {
}
