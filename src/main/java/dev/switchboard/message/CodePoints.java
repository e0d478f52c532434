package dev.switchboard.message;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A string of at most {@code max} characters, counted as Unicode code points (an emoji is
 * one), unlike {@code @Size}, which counts UTF-16 units. {@code null} is valid.
 */
@Documented
@Constraint(validatedBy = CodePoints.Validator.class)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
public @interface CodePoints {

	int max();

	String message() default "must be at most {max} characters";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<CodePoints, String> {

		private int max;

		@Override
		public void initialize(CodePoints annotation) {
			this.max = annotation.max();
		}

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			return value == null || value.codePointCount(0, value.length()) <= this.max;
		}

	}

}
