package dev.switchboard.common.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A platform's token (a page token, a WhatsApp user token) as a request gives it: 1 to
 * 4096 printable ASCII characters, no spaces or control characters
 * ({@link HeaderTokens}). Checked at the edge, a pasted line break is a 400 naming the
 * field, not a platform call that fails.
 */
@NotNull
@Pattern(regexp = HeaderTokens.CHARACTERS + "{1,4096}")
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
public @interface PlatformToken {

	String message() default "must be the token as issued: 1 to 4096 printable ASCII characters, "
			+ "without spaces or line breaks";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
