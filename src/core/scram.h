/*
 * The client side of SASL SCRAM-SHA-1 (RFC 5802) and SCRAM-SHA-256 (RFC 7677), without channel binding
 * (portable).
 *
 * Copyright 2026 the msgsc authors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * This library is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
 * Lesser General Public License for more details.
 *
 * You should have received a copy of the GNU Lesser General Public
 * License along with this library; if not, write to the Free Software
 * Foundation, Inc., 51 Franklin St, Fifth Floor, Boston, MA 02110-1301, USA
 */

#ifndef MSGSC_CORE_SCRAM_H
#define MSGSC_CORE_SCRAM_H

#include <stddef.h>

#include "sha.h"

/* The four messages of RFC 5802 section 5, as bytes: what goes on the
 * wire is their base64 inside XMPP's <auth/>, <challenge/>, <response/>
 * and <success/> (RFC 6120 6.4), which the caller encodes and decodes
 * (base64.h).  The GS2 header is always "n,," (no channel binding, no
 * authorization identity): the client neither supports nor claims
 * SCRAM-*-PLUS.  The client nonce comes from the caller, who draws it
 * from a cryptographic random source (and so tests can be
 * deterministic).  No allocation. */

/* ---- Limits ---- */

/* The username before escaping, in bytes: the longest JID localpart
 * (RFC 7622 3.3.1). */
#define SCRAM_USERNAME_MAX 1023
/* The client nonce: printable ASCII without ',' (RFC 5802 section 7). */
#define SCRAM_NONCE_MAX 128
/* A server message (first or final), in bytes, as decoded from base64. */
#define SCRAM_SERVER_MESSAGE_MAX 1024
/* The salt, decoded. */
#define SCRAM_SALT_MAX 128
/* The iteration count the client accepts: at least 1 (RFC 5802's
 * posit-number), at most this many, so that a hostile server cannot make
 * PBKDF2 run for minutes.  RFC 7677 asks servers for 4096 or more; a lower
 * count is accepted, since the stream is authenticated by TLS first. */
#define SCRAM_ITERATIONS_MIN 1
#define SCRAM_ITERATIONS_MAX 1000000
/* The value of a server's e= attribute that is kept. */
#define SCRAM_ERROR_MAX 64

/* "n,," "n=" user ",r=" nonce, with every byte of the user escaped at worst. */
#define SCRAM_CLIENT_FIRST_BARE_MAX (2 + 3 * SCRAM_USERNAME_MAX + 3 + SCRAM_NONCE_MAX)
#define SCRAM_CLIENT_FIRST_MAX      (3 + SCRAM_CLIENT_FIRST_BARE_MAX)
/* "c=biws,r=" nonce ",p=" proof; the combined nonce is part of a server
 * message. */
#define SCRAM_CLIENT_FINAL_MAX (9 + SCRAM_SERVER_MESSAGE_MAX + 3 + 44)

/* ---- Statuses ---- */

/* Each way the exchange can fail has its own status, so that a trace says
 * exactly what the server did wrong.  Every status but SCRAM_OK ends the
 * exchange: the client then refuses further calls with SCRAM_E_STATE. */
#define SCRAM_STATUS_MAP(XX)                                                                                 \
    XX(OK, 0, "the step succeeded")                                                                          \
    XX(E_INVALIDARG, -1, "an argument is NULL or not one the call takes")                                    \
    XX(E_STATE, -2, "the call is out of order, or the exchange has already ended")                           \
    XX(E_BUFFER_TOO_SMALL, -3, "the output buffer is too small")                                             \
    XX(E_BAD_USERNAME, -4, "the username is empty, too long, not UTF-8 or holds a control character")        \
    XX(E_BAD_NONCE, -5, "the client nonce is empty, too long, or not printable ASCII without ','")           \
    XX(E_TOO_LONG, -6, "the server message is longer than SCRAM_SERVER_MESSAGE_MAX")                         \
    XX(E_MALFORMED, -7, "the server message is not a list of attribute=value (a NUL, an empty attribute)")   \
    XX(E_EXTENSION, -8, "the server demands a mandatory extension (m=) this client does not know")           \
    XX(E_NO_NONCE, -9, "the server-first-message does not start with the nonce (r=)")                        \
    XX(E_BAD_SERVER_NONCE, -10, "the server's nonce holds a byte that is not printable ASCII")               \
    XX(E_NONCE_MISMATCH, -11, "the server's nonce does not start with the client's")                         \
    XX(E_NO_SALT, -12, "the server-first-message has no salt (s=) after the nonce")                          \
    XX(E_BAD_BASE64, -13, "the salt or the signature is not strict base64")                                  \
    XX(E_BAD_SALT, -14, "the salt is empty or longer than SCRAM_SALT_MAX")                                   \
    XX(E_NO_ITERATIONS, -15, "the server-first-message has no iteration count (i=) after the salt")          \
    XX(E_BAD_ITERATIONS, -16, "the iteration count is not a number from 1 to SCRAM_ITERATIONS_MAX")          \
    XX(E_SERVER_ERROR, -17, "the server refused the authentication (e=): wrong password or unknown user")    \
    XX(E_NO_VERIFIER, -18, "the server-final-message has neither a signature (v=) nor an error (e=)")        \
    XX(E_BAD_SIGNATURE, -19, "the server's signature is wrong: it does not know the password")

enum scram_status
{
#define XX(name, value, text) SCRAM_##name = value,
    SCRAM_STATUS_MAP(XX)
#undef XX
};

/* The enumerator's name without the SCRAM_ prefix, and its text, for
 * traces; never NULL. */
const char *scram_status_name(enum scram_status status);
const char *scram_status_text(enum scram_status status);

/* "SCRAM-SHA-1" or "SCRAM-SHA-256", the mechanism's name in
 * <mechanisms/> and <auth mechanism=...> (RFC 6120 6.4.1); NULL for
 * another algorithm. */
const char *scram_mechanism_name(enum sha_algorithm algorithm);

/* ---- The server's messages, parsed (no cryptography) ---- */

/* RFC 5802 section 7: server-first-message = [reserved-mext ","] nonce
 * "," salt "," iteration-count ["," extensions].  The order is fixed;
 * extensions after the iteration count are ignored. */
struct scram_server_first
{
    const char *nonce; /* r=: into the message, not NUL-terminated */
    size_t nonce_len;
    unsigned char salt[SCRAM_SALT_MAX]; /* s=, decoded */
    size_t salt_len;
    unsigned long iterations; /* i= */
};

/* Parses len bytes of msg (not NUL-terminated; a NUL is refused).  Fails
 * with SCRAM_E_TOO_LONG, E_MALFORMED (an attribute that is not a letter,
 * '=' and a value of at least one byte; a NUL; an empty message; a
 * trailing ','), E_EXTENSION (m= first), E_NO_NONCE, E_BAD_SERVER_NONCE
 * (a byte outside 0x21..0x7e), E_NO_SALT, E_BAD_BASE64, E_BAD_SALT,
 * E_NO_ITERATIONS or E_BAD_ITERATIONS (not decimal, a leading zero, 0,
 * over SCRAM_ITERATIONS_MAX).  A missing attribute is reported as missing
 * when another one stands in its place.  E_INVALIDARG for NULL arguments. */
enum scram_status scram_parse_server_first(const char *msg, size_t len, struct scram_server_first *out);

/* RFC 5802 section 7: server-final-message = (server-error / verifier)
 * ["," extensions]. */
struct scram_server_final
{
    unsigned char verifier[SHA_MAX_DIGEST_SIZE]; /* v=, decoded */
    size_t verifier_len;
    char error[SCRAM_ERROR_MAX + 1]; /* e=, NUL-terminated; "" unless SCRAM_E_SERVER_ERROR */
};

/* SCRAM_OK with a verifier of 1 to SHA_MAX_DIGEST_SIZE bytes;
 * SCRAM_E_SERVER_ERROR with error set to the server's e= value (printable
 * ASCII, cut to SCRAM_ERROR_MAX bytes); else E_TOO_LONG, E_MALFORMED,
 * E_EXTENSION, E_NO_VERIFIER, E_BAD_BASE64 or E_BAD_SIGNATURE (a verifier
 * longer than any digest). */
enum scram_status scram_parse_server_final(const char *msg, size_t len, struct scram_server_final *out);

/* ---- The client ---- */

/* The fields are private, except error. */
struct scram_client
{
    int state;
    enum sha_algorithm algorithm;
    size_t bare_len;  /* of client-first-message-bare */
    size_t nonce_len; /* the client nonce ends bare */
    char bare[SCRAM_CLIENT_FIRST_BARE_MAX + 1];
    unsigned char server_signature[SHA_MAX_DIGEST_SIZE]; /* expected in server-final */
    char error[SCRAM_ERROR_MAX + 1];                     /* the server's e= value once it refused; else "" */
};

/* Starts an exchange: writes client-first-message, "n,,n=<user>,r=<nonce>",
 * NUL-terminated, to out (SCRAM_CLIENT_FIRST_MAX + 1 always suffices) and
 * *len its length.  user is UTF-8; it is prepared by escaping ',' as =2C
 * and '=' as =3D (RFC 5802 5.1).  SASLprep (RFC 4013) is not done beyond
 * refusing what it prohibits as control characters (U+0000-001F, U+007F,
 * U+0080-009F and the rest of RFC 3454 table C.2.2): there is no mapping
 * (non-ASCII spaces to U+0020, table B.1 characters removed), no NFKC,
 * no other prohibited output (private use, non-characters, tagging),
 * no bidi check and no unassigned-code-point check.  A printable ASCII
 * name comes out as SASLprep would make it; an XMPP localpart has been
 * prepared by RFC 7622's rules already.  The password is used as the
 * caller's bytes, not SASLprep'd either.
 * Fails with SCRAM_E_INVALIDARG (NULL, unknown algorithm), E_BAD_USERNAME,
 * E_BAD_NONCE or E_BUFFER_TOO_SMALL; the client is then unusable until
 * started again. */
enum scram_status scram_client_first(struct scram_client *scram, enum sha_algorithm algorithm,
                                     const char *user, size_t user_len, const char *nonce, size_t nonce_len,
                                     char *out, size_t size, size_t *len);

/* Takes the server-first-message (len bytes, decoded from base64) and the
 * password, and writes client-final-message, "c=biws,r=<nonce>,p=<proof>",
 * NUL-terminated, to out (SCRAM_CLIENT_FINAL_MAX + 1 always suffices).
 * The errors of scram_parse_server_first, E_NONCE_MISMATCH when the
 * server's nonce does not start with the client's, E_BUFFER_TOO_SMALL, or
 * E_STATE when not right after scram_client_first.  PBKDF2 runs here: up
 * to SCRAM_ITERATIONS_MAX rounds. */
enum scram_status scram_client_final(struct scram_client *scram, const char *server_first, size_t len,
                                     const char *password, size_t password_len, char *out, size_t size,
                                     size_t *len_out);

/* Checks the server-final-message (len bytes, decoded from base64): SCRAM_OK
 * when its signature proves the server knows the password, and only then
 * is the server authenticated.  SCRAM_E_SERVER_ERROR when the server sent
 * e= (scram->error says what), E_BAD_SIGNATURE for a wrong or wrong-sized
 * signature, the other errors of scram_parse_server_final, or E_STATE when
 * not right after scram_client_final. */
enum scram_status scram_client_verify(struct scram_client *scram, const char *server_final, size_t len);

/* Forgets the exchange's secrets (the expected signature) and makes the
 * client unusable until scram_client_first starts a new one. */
void scram_client_clear(struct scram_client *scram);

#endif
