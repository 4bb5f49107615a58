/**
 * Graph passes: each a named function from IR to IR ({@link cgc.passes.Pass}), run in order by
 * {@link cgc.passes.PassManager}, which checks the passes' required {@link cgc.passes.Stage}s before running anything,
 * runs the {@link cgc.ir.Verifier} after each pass when asked, calls listeners (the CLI's {@code --print-after-all},
 * {@code --after PASS}), hands the IR from before a failing pass to a failure handler (a reproducer), and keeps
 * per-pass counters and times. {@link cgc.passes.Pipeline} names every pass and is the only place that knows their
 * order; {@code Pipeline.standard()} gives the default one with the reasons for its order.
 *
 * <table>
 * <caption>The passes</caption>
 * <tr><th>name</th><th>class</th><th>needs shapes</th></tr>
 * <tr><td>infer-shapes</td><td>{@code InferShapes}</td><td>establishes them</td></tr>
 * <tr><td>fold-constants</td><td>{@code FoldConstants}, {@code ConstantEvaluator}, {@code Tensor}</td>
 *     <td>yes</td></tr>
 * <tr><td>remove-identity</td><td>{@code RemoveIdentity}</td><td>yes</td></tr>
 * <tr><td>fold-bn</td><td>{@code FoldBatchNorm}</td><td>yes</td></tr>
 * <tr><td>fuse-linear</td><td>{@code FuseLinear}</td><td>yes</td></tr>
 * <tr><td>fuse-activation</td><td>{@code FuseActivation} (+ {@code ErfGelu})</td><td>no</td></tr>
 * <tr><td>cse</td><td>{@code CommonSubexpressionElimination}</td><td>no</td></tr>
 * <tr><td>dce</td><td>{@code DeadCodeElimination}</td><td>no</td></tr>
 * </table>
 *
 * <p>To add a pass: write a package-private record implementing {@code Pass} (a rewrite that is unsure says no and
 * returns its input), add it to {@code Pipeline}'s list (and to {@code standard()} if it belongs in the default
 * pipeline), and give it unit tests and a golden file {@code src/test/resources/passes/NAME/*.cgir} with a negative
 * case.
 * Every pass also works inside the branches of If (a rewrite there sees only what the branch itself defines).
 */
package cgc.passes;
