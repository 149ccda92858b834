package io.sluice.operator.crd;

/**
 * The allowed values of {@code spec.contract}, for the CRD schema's enum. The spec keeps the value as a
 * string so that a stray value (from an API server without validation) becomes a status condition
 * instead of an object the operator cannot read.
 */
public enum Contract {
    CentrifugoProxyStream,
    CentrifugoProxy
}
