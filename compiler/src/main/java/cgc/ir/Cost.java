package cgc.ir;

/** The cost class of an op: heavy ops are the candidates for splitting between CPU and GPU. */
public enum Cost { HEAVY, LIGHT }
