package io.github.nifisaleshandy.client;

import okhttp3.HttpUrl;
import okhttp3.Response;

/**
 * Where a redirect points, in words safe to show: the host and port of its Location, never its path, query or user info.
 */
final class RedirectTarget {

    private RedirectTarget() {
    }

    static String describe(final Response response) {
        final String location = response.header("Location");
        if (location == null || location.isBlank()) {
            return "without a Location header";
        }
        final HttpUrl target = response.request().url().resolve(location.strip());
        if (target == null) {
            return "to a Location that is not a valid URL";
        }
        final boolean defaultPort = target.port() == HttpUrl.defaultPort(target.scheme());
        return "to " + (target.host().contains(":") ? "[" + target.host() + "]" : target.host()) + (defaultPort ? "" : ":" + target.port());
    }
}
