package io.github.nifisaleshandy.record;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** The fields of a consolidated-stats record, in the API's order: the API's name, our snake_case name, and what the value is. */
public enum ApiField {
    SEQUENCE_TITLE("Sequence Title", "sequence_title", Kind.TEXT),
    SEQUENCE_OWNER("Sequence Owner", "sequence_owner", Kind.TEXT),
    STEP_NUMBER("Step Number", "step_number", Kind.COUNT),
    SENDER_EMAIL("Sender Email", "sender_email", Kind.TEXT),
    RECIPIENT_EMAIL("Recipient Email", "recipient_email", Kind.TEXT),
    RECIPIENT_NAME("Recipient name", "recipient_name", Kind.TEXT),
    EMAIL_SENT_AT("Email Sent At", "email_sent_at", Kind.TIMESTAMP),
    OPEN_COUNT("Open Count", "open_count", Kind.COUNT),
    LAST_OPENED_AT("Last Opened At", "last_opened_at", Kind.TIMESTAMP),
    REPLIED("Replied", "replied", Kind.FLAG),
    REPLIED_AT("Replied At", "replied_at", Kind.TIMESTAMP),
    CONVERSATION_ID("Conversation Id", "conversation_id", Kind.TEXT),
    CURRENT_SENTIMENT("Current Sentiment", "current_sentiment", Kind.TEXT),
    CLICK_COUNT("Click Count", "click_count", Kind.COUNT),
    LAST_CLICKED_AT("Last Clicked At", "last_clicked_at", Kind.TIMESTAMP),
    LAST_LINK_CLICKED("Last Link Clicked", "last_link_clicked", Kind.TEXT),
    BOUNCED("Bounced", "bounced", Kind.FLAG),
    BOUNCED_AT("Bounced At", "bounced_at", Kind.TIMESTAMP),
    UNSUBSCRIBED("Unsubscribed", "unsubscribed", Kind.FLAG),
    DELETED("Deleted", "deleted", Kind.FLAG),
    SEQUENCE_ID("Sequence Id", "sequence_id", Kind.TEXT),
    CLIENT("Client", "client", Kind.CLIENT);

    /** What a field holds, which decides its type in each record format. */
    public enum Kind { TEXT, COUNT, TIMESTAMP, FLAG, CLIENT }

    /** The fields of the nested {@code Client} object. */
    public enum ClientField {
        ID("id", "id"),
        FIRST_NAME("firstName", "first_name"),
        LAST_NAME("lastName", "last_name"),
        EMAIL("email", "email"),
        STATUS("status", "status"),
        COMPANY_NAME("companyName", "company_name");

        private static final Map<String, ClientField> BY_API_NAME = Arrays.stream(values())
                .collect(Collectors.toUnmodifiableMap(field -> field.apiName, field -> field));

        public final String apiName;
        public final String normalizedName;

        ClientField(final String apiName, final String normalizedName) {
            this.apiName = apiName;
            this.normalizedName = normalizedName;
        }

        public static ClientField byApiName(final String name) {
            return BY_API_NAME.get(name);
        }
    }

    private static final Map<String, ApiField> BY_API_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(field -> field.apiName, field -> field));

    public final String apiName;
    public final String normalizedName;
    public final Kind kind;

    ApiField(final String apiName, final String normalizedName, final Kind kind) {
        this.apiName = apiName;
        this.normalizedName = normalizedName;
        this.kind = kind;
    }

    /** The field the API calls {@code name}, or null for a field this version does not know. */
    public static ApiField byApiName(final String name) {
        return BY_API_NAME.get(name);
    }
}
