package dev.livedigits.nn;

/** A network together with what its weights file says about it. */
public record SavedModel(Network network, ModelInfo info) {
    public SavedModel {
        if (!java.util.Arrays.equals(network.layout().sizes(), info.layers())) {
            throw new IllegalArgumentException("model info says layers " + java.util.Arrays.toString(info.layers())
                    + " but the network is " + network.layout());
        }
    }

    public String id() { return info.id(); }
}
