package io.github.dl4jpruning.persist;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/** A stand-in for a deserialization gadget: its {@code readObject} records that code from a file ran. */
public class Gadget implements Serializable {
    private static final long serialVersionUID = 1L;
    static volatile boolean ran;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        ran = true;
    }
}
