package io.gatehouse.portal.catalog;

/**
 * The OpenAPI 3.1 document {@link ManagementDouble} serves for "payments": two tags, path- and
 * operation-level parameters, a request body and responses with schemas behind {@code $ref}s
 * and examples, an API key scheme, and descriptions carrying script, an image with an event
 * handler and a {@code javascript:} link next to harmless markdown.
 */
public final class PaymentsDocument {

    public static final String YAML = """
            openapi: 3.1.0
            info:
              title: Payments
              version: v2
              description: |
                Charge cards **safely**. See [the guide](https://example.com/guide).

                <script>alert('info')</script>

                <img src=x onerror="alert('img')">

                [click me](javascript:alert('link'))

                <a href="javascript:alert('raw')" onclick="alert('click')">raw link</a>
            servers:
              - url: https://api.example.com/payments
                description: Production
            tags:
              - name: Charges
                description: Money in.
              - name: Refunds
            components:
              securitySchemes:
                key:
                  type: apiKey
                  in: header
                  name: X-Api-Key
              parameters:
                ChargeId:
                  name: chargeId
                  in: path
                  required: true
                  description: The charge's id.
                  schema: {type: string, format: uuid}
              schemas:
                Charge:
                  type: object
                  required: [amount, currency]
                  properties:
                    amount: {type: integer, description: In minor units.}
                    currency: {type: string, enum: [EUR, USD]}
                    card:
                      type: object
                      properties:
                        last4: {type: string}
                    refunds:
                      type: array
                      items: {$ref: '#/components/schemas/Refund'}
                Refund:
                  type: object
                  properties:
                    amount: {type: integer}
                    charge: {$ref: '#/components/schemas/Charge'}
            paths:
              /charges:
                get:
                  tags: [Charges]
                  summary: List charges
                  parameters:
                    - name: limit
                      in: query
                      schema: {type: integer}
                      example: 20
                  responses:
                    '200':
                      description: The charges.
                      content:
                        application/json:
                          schema:
                            type: array
                            items: {$ref: '#/components/schemas/Charge'}
                post:
                  tags: [Charges]
                  summary: Create a charge
                  description: "Charges a card. <script>alert('op')</script>"
                  parameters:
                    - name: Idempotency-Key
                      in: header
                      required: true
                      schema: {type: string}
                  requestBody:
                    required: true
                    content:
                      application/json:
                        schema: {$ref: '#/components/schemas/Charge'}
                        example: {amount: 1250, currency: EUR}
                  responses:
                    '201':
                      description: Charged.
                      content:
                        application/json:
                          schema: {$ref: '#/components/schemas/Charge'}
                    '402':
                      description: The card was declined.
              /charges/{chargeId}/refunds:
                parameters:
                  - $ref: '#/components/parameters/ChargeId'
                post:
                  tags: [Refunds]
                  summary: Refund a charge
                  responses:
                    '201': {description: Refunded.}
            """;

    private PaymentsDocument() {
    }
}
