/*
 * Reference for benchmarks/Jingle.Net.Benchmarks/Stun/StunBindingBenchmarks.cs: the same ICE Binding request
 * (USERNAME, PRIORITY, ICE-CONTROLLING, MESSAGE-INTEGRITY, FINGERPRINT) built and then parsed+validated through
 * libnice's STUN API (Debian libnice-dev). Prints operations per second for build, parse+validate and both.
 * Build and run: benchmarks/reference/stun_libnice.sh
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stun/stunagent.h>
#include <stun/stunmessage.h>

static const char USERNAME[] = "rfrag:lfrag";
static const uint8_t PASSWORD[] = "remotepassword0123456789";

static bool validater(StunAgent *agent, StunMessage *message, uint8_t *username, uint16_t username_len,
    uint8_t **password, size_t *password_len, void *user_data)
{
    (void)agent; (void)message; (void)user_data;
    if (username_len != sizeof(USERNAME) - 1 || memcmp(username, USERNAME, username_len) != 0)
        return false;
    *password = (uint8_t *)PASSWORD;
    *password_len = sizeof(PASSWORD) - 1;
    return true;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t build(StunAgent *agent, uint8_t *buffer, size_t size)
{
    StunMessage msg;
    StunTransactionId id;
    if (!stun_agent_init_request(agent, &msg, buffer, size, STUN_BINDING))
        return 0;
    stun_message_append_bytes(&msg, STUN_ATTRIBUTE_USERNAME, USERNAME, sizeof(USERNAME) - 1);
    stun_message_append32(&msg, STUN_ATTRIBUTE_PRIORITY, 0x6E7F1EFF);
    stun_message_append64(&msg, STUN_ATTRIBUTE_ICE_CONTROLLING, 0x0102030405060708ULL);
    size_t length = stun_agent_finish_message(agent, &msg, PASSWORD, sizeof(PASSWORD) - 1);
    stun_message_id(&msg, id);
    stun_agent_forget_transaction(agent, id); /* the agent keeps sent ids for responses; a request loop would fill it */
    return length;
}

static int parse_validate(StunAgent *agent, const uint8_t *buffer, size_t length)
{
    StunMessage msg;
    uint32_t priority = 0;
    uint64_t tie = 0;
    if (stun_agent_validate(agent, &msg, buffer, length, validater, NULL) != STUN_VALIDATION_SUCCESS)
        return 0;
    if (stun_message_find32(&msg, STUN_ATTRIBUTE_PRIORITY, &priority) != STUN_MESSAGE_RETURN_SUCCESS)
        return 0;
    if (stun_message_find64(&msg, STUN_ATTRIBUTE_ICE_CONTROLLING, &tie) != STUN_MESSAGE_RETURN_SUCCESS)
        return 0;
    return priority == 0x6E7F1EFF && tie == 0x0102030405060708ULL;
}

int main(int argc, char **argv)
{
    long iterations = argc > 1 ? atol(argv[1]) : 1000000;
    static const uint16_t known[] = {
        STUN_ATTRIBUTE_USERNAME, STUN_ATTRIBUTE_MESSAGE_INTEGRITY, STUN_ATTRIBUTE_PRIORITY,
        STUN_ATTRIBUTE_ICE_CONTROLLING, STUN_ATTRIBUTE_ICE_CONTROLLED, STUN_ATTRIBUTE_USE_CANDIDATE, 0 };
    StunAgent sender, receiver;
    StunAgentUsageFlags flags = STUN_AGENT_USAGE_SHORT_TERM_CREDENTIALS | STUN_AGENT_USAGE_USE_FINGERPRINT;
    stun_agent_init(&sender, known, STUN_COMPATIBILITY_RFC5389, flags);
    stun_agent_init(&receiver, known, STUN_COMPATIBILITY_RFC5389, flags);
    uint8_t buffer[1500];

    size_t length = build(&sender, buffer, sizeof buffer);
    if (length == 0 || !parse_validate(&receiver, buffer, length)) {
        fprintf(stderr, "self-check failed (length %zu)\n", length);
        return 1;
    }

    double start = now_seconds();
    for (long i = 0; i < iterations; i++)
        if (build(&sender, buffer, sizeof buffer) != length) return 1;
    double build_s = now_seconds() - start;

    start = now_seconds();
    for (long i = 0; i < iterations; i++)
        if (!parse_validate(&receiver, buffer, length)) return 1;
    double parse_s = now_seconds() - start;

    start = now_seconds();
    for (long i = 0; i < iterations; i++) {
        size_t n = build(&sender, buffer, sizeof buffer);
        if (!parse_validate(&receiver, buffer, n)) return 1;
    }
    double both_s = now_seconds() - start;

    printf("libnice %s message %zu B, %ld iterations\n", "0.1.21", length, iterations);
    printf("build                 %10.0f ops/s  %8.1f ns/op\n", iterations / build_s, build_s * 1e9 / iterations);
    printf("parse+validate        %10.0f ops/s  %8.1f ns/op\n", iterations / parse_s, parse_s * 1e9 / iterations);
    printf("build+parse+validate  %10.0f ops/s  %8.1f ns/op\n", iterations / both_s, both_s * 1e9 / iterations);
    return 0;
}
