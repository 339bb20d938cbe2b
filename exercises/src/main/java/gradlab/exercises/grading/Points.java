package gradlab.exercises.grading;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The points a graded test is worth. Put it on a {@code @Test}, {@code @ParameterizedTest} or {@code @TestFactory}
 * method of a class tagged with its exercise ({@code @Tag("ex2")}):
 * <pre>
 *   &#64;Tag("ex2")
 *   class MatMulTest {
 *       &#64;Test &#64;Points(2) &#64;DisplayName("ex2.2 MatMul backward: dL/dA = G B^T at [3,4]x[4,5] (seed 21)")
 *       void gradientOfA() { ... }
 *   }
 * </pre>
 * A method earns its points only if it and every invocation it generates (parameterised cases, dynamic tests)
 * pass; a method without {@code @Points} counts for nothing.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Points {

    /** The points, a whole positive number. */
    int value();
}
