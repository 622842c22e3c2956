package io.gatehouse.management.common;

import java.util.List;

/** One page of a listing: the items, and how many there are in all. */
public record Page<T>(List<T> items, long total, int offset, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;
}
