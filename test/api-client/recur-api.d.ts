/**
 * Generated from Recur's /api/v1/openapi.json by openapi-typescript: do not edit by hand.
 * Regenerate with `npm run api:types` after changing an /api/v1 route; test/server/api-client.test.ts
 * fails while this file differs from what the live document generates.
 */

export interface paths {
    "/customers/{email}/subscription": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Subscription and access by e-mail
         * @description The subscription that entitles most among the customers with this e-mail, with the access policy applied.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    email: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The answer */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SubscriptionAnswer"];
                    };
                };
                /** @description The request is malformed: the message and `errors` name the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or an unknown or revoked one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The API key lacks the scope this route needs */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Nothing with that id or e-mail */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{externalId}/subscription": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Subscription and access by your app's user id
         * @description The same answer as by e-mail, for the customer linked to this user id (by a signup link). 404 when none is linked.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Your app's own id for the user */
                    externalId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The answer */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SubscriptionAnswer"];
                    };
                };
                /** @description The request is malformed: the message and `errors` name the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or an unknown or revoked one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The API key lacks the scope this route needs */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Nothing with that id or e-mail */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{externalId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Link an existing customer to your user id
         * @description For users who subscribed before your app used signup links: links the one customer with this e-mail to the user id, and sends `customer.linked`. Repeating the call changes nothing. 409 when the user id or the customer is linked to someone else already, or several customers share the e-mail.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Your app's own id for the user */
                    externalId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["LinkRequest"];
                };
            };
            responses: {
                /** @description Linked (or linked already) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UserLink"];
                    };
                };
                /** @description The request is malformed: the message and `errors` name the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or an unknown or revoked one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The API key lacks the scope this route needs */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Nothing with that id or e-mail */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The user id or the customer is linked to someone else, or the e-mail is ambiguous */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/signup-links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A signup link for one of your users
         * @description A link to a signup form, prefilled for this user, good for 24 hours. When Checkout completes through it, the customer is linked to `externalId` (event `customer.linked`) and the link is spent. If the user id is already linked, the Checkout is for that same customer.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SignupLinkRequest"];
                };
            };
            responses: {
                /** @description The link */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LinkAnswer"];
                    };
                };
                /** @description The request is malformed: the message and `errors` name the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or an unknown or revoked one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The API key lacks the scope this route needs */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/portal-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A portal URL that opens signed in
         * @description For a user signed in to your app: the URL opens the customer portal signed in, once, within 15 minutes. The portal links back to `returnUrl`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["PortalSessionRequest"];
                };
            };
            responses: {
                /** @description The portal URL */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LinkAnswer"];
                    };
                };
                /** @description The request is malformed: the message and `errors` name the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or an unknown or revoked one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The API key lacks the scope this route needs */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Nothing with that id or e-mail */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{externalId}/entitlements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Entitlements of a linked user
         * @description Features and limits of the customer linked to this user id: summed over the subscription's plan and add-ons (a per-seat plan's limits times its seats), with the access policy applied.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    externalId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The user's features, access policy applied */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Entitlements"];
                    };
                };
                /** @description The request is malformed: the message and `errors` name the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or an unknown or revoked one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The API key lacks the scope this route needs */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Nothing with that id or e-mail */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers/{email}/entitlements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Entitlements by e-mail
         * @description The same answer for apps not linked yet; several customers with this e-mail combine as several subscriptions do.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    email: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The user's features, access policy applied */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Entitlements"];
                    };
                };
                /** @description The request is malformed: the message and `errors` name the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No API key, or an unknown or revoked one */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The API key lacks the scope this route needs */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Nothing with that id or e-mail */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "customer.linked": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** customer.linked */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description msg_…: the same on every retry and replay of this event */
                    "webhook-id": string;
                    /** @description unix seconds of this attempt */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of "id.timestamp.body" with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        type: "customer.linked";
                        /** @description ISO time the event happened */
                        timestamp: string;
                        data: {
                            /** @description Recur's customer id */
                            customerId: number;
                            /** @description the app's own user id, once linked (signup link) */
                            externalId: string | null;
                            email: string | null;
                            stripeCustomerId: string;
                            /** @description the customer deleted in Stripe that held this user id before */
                            previousCustomerId?: number;
                        };
                    };
                };
            };
            responses: {
                /** @description Any 2xx acknowledges; anything else (or no answer in 10 s) is retried with backoff for 3 days */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "subscription.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** subscription.created */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description msg_…: the same on every retry and replay of this event */
                    "webhook-id": string;
                    /** @description unix seconds of this attempt */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of "id.timestamp.body" with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        type: "subscription.created";
                        /** @description ISO time the event happened */
                        timestamp: string;
                        data: {
                            /** @description Recur's customer id */
                            customerId: number;
                            /** @description the app's own user id, once linked (signup link) */
                            externalId: string | null;
                            email: string | null;
                            subscription: components["schemas"]["WebhookSubscription"];
                        };
                    };
                };
            };
            responses: {
                /** @description Any 2xx acknowledges; anything else (or no answer in 10 s) is retried with backoff for 3 days */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "subscription.updated": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** subscription.updated */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description msg_…: the same on every retry and replay of this event */
                    "webhook-id": string;
                    /** @description unix seconds of this attempt */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of "id.timestamp.body" with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        type: "subscription.updated";
                        /** @description ISO time the event happened */
                        timestamp: string;
                        data: {
                            /** @description Recur's customer id */
                            customerId: number;
                            /** @description the app's own user id, once linked (signup link) */
                            externalId: string | null;
                            email: string | null;
                            subscription: components["schemas"]["WebhookSubscription"];
                            /** @description the old values of the fields that changed */
                            previous: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
            responses: {
                /** @description Any 2xx acknowledges; anything else (or no answer in 10 s) is retried with backoff for 3 days */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "subscription.canceled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** subscription.canceled */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description msg_…: the same on every retry and replay of this event */
                    "webhook-id": string;
                    /** @description unix seconds of this attempt */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of "id.timestamp.body" with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        type: "subscription.canceled";
                        /** @description ISO time the event happened */
                        timestamp: string;
                        data: {
                            /** @description Recur's customer id */
                            customerId: number;
                            /** @description the app's own user id, once linked (signup link) */
                            externalId: string | null;
                            email: string | null;
                            subscription: components["schemas"]["WebhookSubscription"];
                            previous: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
            responses: {
                /** @description Any 2xx acknowledges; anything else (or no answer in 10 s) is retried with backoff for 3 days */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payment.succeeded": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** payment.succeeded */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description msg_…: the same on every retry and replay of this event */
                    "webhook-id": string;
                    /** @description unix seconds of this attempt */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of "id.timestamp.body" with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        type: "payment.succeeded";
                        /** @description ISO time the event happened */
                        timestamp: string;
                        data: {
                            /** @description Recur's customer id */
                            customerId: number;
                            /** @description the app's own user id, once linked (signup link) */
                            externalId: string | null;
                            email: string | null;
                            payment: components["schemas"]["WebhookPayment"];
                        };
                    };
                };
            };
            responses: {
                /** @description Any 2xx acknowledges; anything else (or no answer in 10 s) is retried with backoff for 3 days */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payment.failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** payment.failed */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description msg_…: the same on every retry and replay of this event */
                    "webhook-id": string;
                    /** @description unix seconds of this attempt */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of "id.timestamp.body" with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        type: "payment.failed";
                        /** @description ISO time the event happened */
                        timestamp: string;
                        data: {
                            /** @description Recur's customer id */
                            customerId: number;
                            /** @description the app's own user id, once linked (signup link) */
                            externalId: string | null;
                            email: string | null;
                            payment: components["schemas"]["WebhookPayment"];
                        };
                    };
                };
            };
            responses: {
                /** @description Any 2xx acknowledges; anything else (or no answer in 10 s) is retried with backoff for 3 days */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payment.action_required": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** payment.action_required */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description msg_…: the same on every retry and replay of this event */
                    "webhook-id": string;
                    /** @description unix seconds of this attempt */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of "id.timestamp.body" with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        type: "payment.action_required";
                        /** @description ISO time the event happened */
                        timestamp: string;
                        data: {
                            /** @description Recur's customer id */
                            customerId: number;
                            /** @description the app's own user id, once linked (signup link) */
                            externalId: string | null;
                            email: string | null;
                            payment: components["schemas"]["WebhookPayment"];
                        };
                    };
                };
            };
            responses: {
                /** @description Any 2xx acknowledges; anything else (or no answer in 10 s) is retried with backoff for 3 days */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "access.changed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** access.changed */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description msg_…: the same on every retry and replay of this event */
                    "webhook-id": string;
                    /** @description unix seconds of this attempt */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of "id.timestamp.body" with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        type: "access.changed";
                        /** @description ISO time the event happened */
                        timestamp: string;
                        data: {
                            /** @description Recur's customer id */
                            customerId: number;
                            /** @description the app's own user id, once linked (signup link) */
                            externalId: string | null;
                            email: string | null;
                            access: components["schemas"]["Access"] & {
                                subscriptionId: number | null;
                            };
                            previous: components["schemas"]["Access"] & {
                                subscriptionId: number | null;
                            };
                        };
                    };
                };
            };
            responses: {
                /** @description Any 2xx acknowledges; anything else (or no answer in 10 s) is retried with backoff for 3 days */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "entitlements.changed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** entitlements.changed */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description msg_…: the same on every retry and replay of this event */
                    "webhook-id": string;
                    /** @description unix seconds of this attempt */
                    "webhook-timestamp": string;
                    /** @description v1,<base64 HMAC-SHA256 of "id.timestamp.body" with the endpoint secret> */
                    "webhook-signature": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        type: "entitlements.changed";
                        /** @description ISO time the event happened */
                        timestamp: string;
                        data: {
                            /** @description Recur's customer id */
                            customerId: number;
                            /** @description the app's own user id, once linked (signup link) */
                            externalId: string | null;
                            email: string | null;
                            features: {
                                [key: string]: boolean | number;
                            };
                            /** @description the answer before, when the change came from a subscription */
                            previous?: {
                                [key: string]: boolean | number;
                            };
                        };
                    };
                };
            };
            responses: {
                /** @description Any 2xx acknowledges; anything else (or no answer in 10 s) is retried with backoff for 3 days */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        WebhookSubscription: {
            id: number;
            stripeSubscriptionId: string;
            /** @description Stripe's status: trialing, active, past_due, unpaid, paused, canceled, incomplete, incomplete_expired */
            status: string;
            planId: number | null;
            items: {
                planId: number | null;
                quantity: number;
            }[];
            currency: string;
            /** @description per period, minor units */
            recurringAmount: number;
            interval: string;
            intervalCount: number;
            currentPeriodStart: string | null;
            currentPeriodEnd: string | null;
            cancelAtPeriodEnd: boolean;
            canceledAt: string | null;
            trialEnd: string | null;
            pauseBehavior: string | null;
            pausedUntil: string | null;
        };
        WebhookPayment: {
            id: number;
            subscriptionId: number | null;
            invoiceId: number | null;
            stripeInvoiceId: string;
            stripePaymentIntentId: string | null;
            /** @enum {string} */
            status: "succeeded" | "failed" | "requires_action";
            amount: number;
            currency: string;
            attemptCount: number;
            failureCode: string | null;
            failureMessage: string | null;
            nextRetryAt: string | null;
            /** @description payment.action_required: where the customer confirms the payment */
            actionUrl: string | null;
            attemptedAt: string | null;
        };
        Access: {
            /** @description may the user use the product now */
            entitled: boolean;
            /** @description why: active, trialing, grace, paused, canceled, none, ... */
            reason: string;
            /** @description ISO time the grace period ends, when in one */
            graceUntil: string | null;
        };
        SubscriptionAnswer: {
            email: string;
            plan: {
                id: number;
                name: string;
                tier: string;
            } | null;
            /** @description Stripe's subscription status, or null without a subscription */
            status: string | null;
            access: components["schemas"]["Access"];
            currentPeriodEnd: string | null;
            cancelAtPeriodEnd: boolean;
        };
        Error: {
            message: string;
            errors?: {
                [key: string]: string;
            };
        };
        UserLink: {
            customerId: number;
            externalId: string;
            email: string;
            /** @description false when the user id named this customer already: a repeated call changes nothing */
            linked: boolean;
        };
        LinkRequest: {
            /** @example ada@example.com */
            email: string;
        };
        LinkAnswer: {
            /**
             * @description Send the user here
             * @example https://billing.example.com/signup/default?link=…
             */
            url: string;
            /** @description ISO time after which the URL no longer works */
            expiresAt: string;
        };
        SignupLinkRequest: {
            /**
             * @description Your app's own id for the user
             * @example user_42
             */
            externalId: string;
            /**
             * @description Prefilled; the user may change it
             * @example ada@example.com
             */
            email?: string;
            /**
             * @description Prefilled
             * @example Ada Lovelace
             */
            name?: string;
            /** @description Preselected: an active base plan the form offers */
            planId?: number;
            /**
             * @description The signup form's slug (default: `default`)
             * @example default
             */
            form?: string;
        };
        /** @description Either `externalId` or `email`, and optionally `returnUrl` */
        PortalSessionRequest: {
            /**
             * @description Your app's own id for the user
             * @example user_42
             */
            externalId?: string;
            /**
             * @description Instead of externalId: the customer with this e-mail
             * @example ada@example.com
             */
            email?: string;
            /**
             * @description Where the portal's "Back to" link sends the user
             * @example https://app.example.com/account
             */
            returnUrl?: string;
        };
        Entitlements: {
            /**
             * @description Every feature defined in the admin, by key: on/off features as booleans, limits as numbers. Without access (per the access policy) every boolean is false and every limit 0.
             * @example {
             *       "api": true,
             *       "projects": 25
             *     }
             */
            features: {
                [key: string]: boolean | number;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
