/**
 * The IR as text ({@code .cgir}, described in {@code docs/ir-text.md}): {@link cgc.ir.text.IrPrinter} writes the
 * canonical form, {@link cgc.ir.text.IrParser} reads it back with located errors, {@link cgc.ir.text.IrFiles} keeps a
 * text file and its weights side file together, and {@link cgc.ir.text.IrDiff} compares models structurally for tests.
 * The grammar is {@code grammar/src/main/antlr4/cgc/grammar/CgIr.g4}.
 */
package cgc.ir.text;
