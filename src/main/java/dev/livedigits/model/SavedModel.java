package dev.livedigits.model;

import dev.livedigits.nn.Architecture;
import dev.livedigits.nn.Network;

/** A network together with what its weights file says about it. */
public record SavedModel(Network network, ModelInfo info) {
    public String id() { return info.id(); }

    public Architecture architecture() { return network.architecture(); }
}
