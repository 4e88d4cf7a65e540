package io.github.nifisaleshandy.client;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;
import okhttp3.EventListener;

/**
 * The calls of one HTTP client that have started and not yet ended, so that a stop can cancel them all. OkHttp's own
 * {@code dispatcher().cancelAll()} reaches a synchronous call only until its response headers arrive; a call still
 * reading a slowly arriving body would otherwise run until Request Timeout.
 */
final class LiveCalls extends EventListener implements EventListener.Factory {

    private final Set<Call> calls = ConcurrentHashMap.newKeySet();

    @Override
    public EventListener create(final Call call) {
        return this;
    }

    @Override
    public void callStart(final Call call) {
        calls.add(call);
    }

    @Override
    public void callEnd(final Call call) {
        calls.remove(call);
    }

    @Override
    public void callFailed(final Call call, final IOException failure) {
        calls.remove(call);
    }

    @Override
    public void canceled(final Call call) {
        calls.remove(call);
    }

    void cancelAll() {
        calls.forEach(Call::cancel);
    }
}
