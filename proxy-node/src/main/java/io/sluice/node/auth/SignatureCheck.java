package io.sluice.node.auth;

import com.nimbusds.jose.JWSObject;

/** Where a token's signature is checked: the configured keys, or the keys a JWKS endpoint publishes. */
interface SignatureCheck {

    /** Passes if the signature is valid; fails INVALID otherwise. */
    void verify(JWSObject jws) throws TokenException;
}
