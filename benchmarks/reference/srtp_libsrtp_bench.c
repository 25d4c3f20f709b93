/*
 * Reference: Debian's libsrtp2 protecting a 12-byte-header + 1200-byte-payload RTP packet, per profile, timed in
 * process CPU time (like `openssl speed`). Build and run with benchmarks/reference/srtp-libsrtp.sh.
 * Debian's libsrtp2 is built against NSS, so this is the weak bar the issue mentions, not the goal.
 */
#include <srtp2/srtp.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void run(const char *name, void (*set_rtp)(srtp_crypto_policy_t *), void (*set_rtcp)(srtp_crypto_policy_t *), int key_len)
{
    unsigned char key[64];
    unsigned char packet[1212 + 64];
    srtp_policy_t policy;
    srtp_t session;
    memset(&policy, 0, sizeof policy);
    for (int i = 0; i < key_len; i++) key[i] = (unsigned char)(i * 7 + 1);
    set_rtp(&policy.rtp);
    set_rtcp(&policy.rtcp);
    policy.ssrc.type = ssrc_any_outbound;
    policy.key = key;
    policy.window_size = 1024;
    policy.allow_repeat_tx = 1;
    if (srtp_create(&session, &policy) != srtp_err_status_ok) { fprintf(stderr, "srtp_create failed\n"); return; }

    long iterations = 0;
    double start = cpu_seconds(), now = start;
    unsigned short seq = 0;
    while (now - start < 2.0) {
        for (int n = 0; n < 1000; n++) {
            memset(packet, 0, 12);
            packet[0] = 0x80; packet[1] = 96;
            packet[2] = (unsigned char)(seq >> 8); packet[3] = (unsigned char)seq; seq++;
            packet[8] = 0x12; packet[9] = 0x34; packet[10] = 0x56; packet[11] = 0x78;
            int len = 1212;
            srtp_protect(session, packet, &len);
        }
        iterations += 1000;
        now = cpu_seconds();
    }
    double seconds = now - start;
    printf("libsrtp2 %-26s protect 1200 B: %10.0f packets/s  %8.1f ns/packet\n", name, iterations / seconds, seconds * 1e9 / iterations);
    srtp_dealloc(session);
}

int main(void)
{
    srtp_init();
    run("AES_CM_128_HMAC_SHA1_80", srtp_crypto_policy_set_rtp_default, srtp_crypto_policy_set_rtcp_default, 30);
    run("AES_CM_128_HMAC_SHA1_32", srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32, srtp_crypto_policy_set_rtcp_default, 30);
    run("AEAD_AES_128_GCM", srtp_crypto_policy_set_aes_gcm_128_16_auth, srtp_crypto_policy_set_aes_gcm_128_16_auth, 28);
    run("AEAD_AES_256_GCM", srtp_crypto_policy_set_aes_gcm_256_16_auth, srtp_crypto_policy_set_aes_gcm_256_16_auth, 44);
    srtp_shutdown();
    return 0;
}
