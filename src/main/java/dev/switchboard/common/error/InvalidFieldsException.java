package dev.switchboard.common.error;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;

/**
 * Fields that failed validation outside Spring MVC's binding (a request bound by hand): a
 * 400 with the same {@code errors: [{field, message}]} as every other validation error.
 */
public class InvalidFieldsException extends ApiException {

	/**
	 * @param errors the message of each invalid field, by its Java property name
	 */
	public InvalidFieldsException(Map<String, String> errors) {
		super(HttpStatus.BAD_REQUEST,
				errors.entrySet()
					.stream()
					.map((error) -> JsonNames.snakeCase(error.getKey()) + ": " + error.getValue())
					.sorted()
					.collect(Collectors.joining("; ")));
		List<Map<String, String>> fields = errors.entrySet()
			.stream()
			.map((error) -> Map.of("field", JsonNames.snakeCase(error.getKey()), "message", error.getValue()))
			.toList();
		getBody().setProperty("errors", fields);
	}

}
