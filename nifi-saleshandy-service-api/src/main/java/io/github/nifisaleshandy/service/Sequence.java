package io.github.nifisaleshandy.service;

import java.util.List;
import java.util.Objects;

/**
 * One sequence as {@code GET /v1/sequences} lists it. {@code client} is null for a sequence of no client (agency
 * accounts only have clients); {@code owner} is the API's {@code user}, null when the API leaves it out.
 */
public record Sequence(String id, String title, boolean active, List<Step> steps, Client client, Owner owner) {

    public Sequence {
        Objects.requireNonNull(id, "id");
        steps = List.copyOf(steps);
    }

    /** One step of a sequence, in the order the API lists them. */
    public record Step(String id, String name) {
    }

    /** The agency client a sequence belongs to. */
    public record Client(String id, String companyName, String firstName, String lastName) {
    }

    /** The user who owns a sequence; the API's {@code user.id} is a number. */
    public record Owner(Long id, String firstName, String lastName, String email) {
    }
}
