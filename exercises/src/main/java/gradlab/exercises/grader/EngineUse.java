package gradlab.exercises.grader;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flags (never penalises) a submitted exercise file that mentions an engine class or method which already does what
 * the exercise asks: the hidden tests compute their expected values from the engine, so a submission that delegates
 * to it passes them. The report lists the hits for a human to look at. Comments are ignored (the stubs' Javadoc
 * names engine classes); a mention hidden in a string, or reflection, is not found.
 */
public final class EngineUse {
    private static final List<Pattern> SUSPECT = List.of(
            Pattern.compile("gradlab\\.scalar\\.gate\\.(?!BinaryGate\\b|UnaryGate\\b|Gate\\b)\\w+"),
            Pattern.compile("gradlab\\.scalar\\.graph\\.\\w+"),
            Pattern.compile("\\.backward\\(\\)"),
            Pattern.compile("gradlab\\.tensor\\.ops\\.\\w+"),
            Pattern.compile("\\bnew\\s+Mm\\b|\\bnew\\s+Mul\\b"),
            Pattern.compile("gradlab\\.nn\\.(Linear|Dropout|functional\\.(?!Reduction\\b)\\w+|loss\\.(?!Loss\\b)\\w+)\\b"),
            Pattern.compile("\\b(logSoftmax|logSumExp|crossEntropy|nllLoss)\\s*\\("),
            Pattern.compile("gradlab\\.optim\\.(?!Optimizer\\b|ParamGroup\\b)\\w+"),
            Pattern.compile("gradlab\\.mnist\\.train\\.\\w+|\\bEvaluation\\s*\\.\\s*of\\b"),
            Pattern.compile("gradlab\\.mnist\\.opencl\\.\\w+"));
    /** Mentions an exercise needs: the training loop (ex5.1) calls {@code loss.backward()} itself. */
    private static final Pattern BACKWARD = Pattern.compile("\\.backward\\(\\)");

    private EngineUse() {
    }

    /**
     * The suspicious mentions in the submitted file {@code f}, each once, in order of appearance; a call the exercise
     * itself must make (ex5.1's {@code loss.backward()}) is not one.
     */
    public static List<String> scan(ExerciseFile f, String source) {
        List<String> hits = scan(source);
        if (f.exercise().equals("ex5")) {
            hits.removeIf(h -> BACKWARD.matcher(h).matches());
        }
        return hits;
    }

    /** The suspicious mentions in one source file, each once, in order of appearance. */
    public static List<String> scan(String source) {
        String code = source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
        List<String> hits = new ArrayList<>();
        for (Pattern p : SUSPECT) {
            Matcher m = p.matcher(code);
            while (m.find()) {
                String hit = m.group().strip();
                if (!hits.contains(hit)) {
                    hits.add(hit);
                }
            }
        }
        return hits;
    }
}
