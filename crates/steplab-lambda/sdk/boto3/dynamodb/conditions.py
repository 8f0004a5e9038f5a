"""boto3.dynamodb.conditions: `Key('pk').eq(...)`, `Attr('n').gt(...)` and their expressions."""

from boto3.exceptions import (
    DynamoDBNeedsConditionError,
    DynamoDBNeedsKeyConditionError,
    DynamoDBOperationNotSupportedError,
)


class ConditionBase:
    expression_format = ""
    expression_operator = ""
    has_grouped_values = False

    def __init__(self, *values):
        self._values = values

    def __and__(self, other):
        if not isinstance(other, ConditionBase):
            raise DynamoDBOperationNotSupportedError("AND", other)
        return And(self, other)

    def __or__(self, other):
        if not isinstance(other, ConditionBase):
            raise DynamoDBOperationNotSupportedError("OR", other)
        return Or(self, other)

    def __invert__(self):
        return Not(self)

    def get_expression(self):
        return {
            "format": self.expression_format,
            "operator": self.expression_operator,
            "values": self._values,
        }

    def __eq__(self, other):
        if isinstance(other, type(self)):
            if self._values == other._values:
                return True
        return False

    def __ne__(self, other):
        return not self.__eq__(other)


class AttributeBase:
    def __init__(self, name):
        self.name = name

    def __and__(self, value):
        raise DynamoDBOperationNotSupportedError("AND", self)

    def __or__(self, value):
        raise DynamoDBOperationNotSupportedError("OR", self)

    def __invert__(self):
        raise DynamoDBOperationNotSupportedError("NOT", self)

    def eq(self, value):
        """Creates a condition where the attribute is equal to the value."""
        return Equals(self, value)

    def lt(self, value):
        """Creates a condition where the attribute is less than the value."""
        return LessThan(self, value)

    def lte(self, value):
        """Creates a condition where the attribute is less than or equal to the value."""
        return LessThanEquals(self, value)

    def gt(self, value):
        """Creates a condition where the attribute is greater than the value."""
        return GreaterThan(self, value)

    def gte(self, value):
        """Creates a condition where the attribute is greater than or equal to the value."""
        return GreaterThanEquals(self, value)

    def begins_with(self, value):
        """Creates a condition where the attribute begins with the value."""
        return BeginsWith(self, value)

    def between(self, low_value, high_value):
        """Creates a condition where the attribute is greater than or equal
        to the low value and less than or equal to the high value."""
        return Between(self, low_value, high_value)

    def __eq__(self, other):
        return isinstance(other, type(self)) and self.name == other.name

    def __ne__(self, other):
        return not self.__eq__(other)


class ConditionAttributeBase(ConditionBase, AttributeBase):
    """This base class is for conditions that can have attribute methods."""

    def __init__(self, *values):
        ConditionBase.__init__(self, *values)
        # This is assuming the first value to the condition is the attribute
        # in which can be used to generate its attribute base.
        AttributeBase.__init__(self, values[0].name)

    def __eq__(self, other):
        return ConditionBase.__eq__(self, other) and AttributeBase.__eq__(self, other)

    def __ne__(self, other):
        return not self.__eq__(other)


class ComparisonCondition(ConditionBase):
    expression_format = "{0} {operator} {1}"


class Equals(ComparisonCondition):
    expression_operator = "="


class NotEquals(ComparisonCondition):
    expression_operator = "<>"


class LessThan(ComparisonCondition):
    expression_operator = "<"


class LessThanEquals(ComparisonCondition):
    expression_operator = "<="


class GreaterThan(ComparisonCondition):
    expression_operator = ">"


class GreaterThanEquals(ComparisonCondition):
    expression_operator = ">="


class In(ComparisonCondition):
    expression_operator = "IN"
    has_grouped_values = True


class Between(ConditionBase):
    expression_operator = "BETWEEN"
    expression_format = "{0} {operator} {1} AND {2}"


class BeginsWith(ConditionBase):
    expression_operator = "begins_with"
    expression_format = "{operator}({0}, {1})"


class Contains(ConditionBase):
    expression_operator = "contains"
    expression_format = "{operator}({0}, {1})"


class Size(ConditionAttributeBase):
    expression_operator = "size"
    expression_format = "{operator}({0})"


class AttributeType(ConditionBase):
    expression_operator = "attribute_type"
    expression_format = "{operator}({0}, {1})"


class AttributeExists(ConditionBase):
    expression_operator = "attribute_exists"
    expression_format = "{operator}({0})"


class AttributeNotExists(ConditionBase):
    expression_operator = "attribute_not_exists"
    expression_format = "{operator}({0})"


class And(ConditionBase):
    expression_operator = "AND"
    expression_format = "({0} {operator} {1})"


class Or(ConditionBase):
    expression_operator = "OR"
    expression_format = "({0} {operator} {1})"


class Not(ConditionBase):
    expression_operator = "NOT"
    expression_format = "({operator} {0})"


class Key(AttributeBase):
    pass


class Attr(AttributeBase):
    """Represents an DynamoDB item's attribute."""

    def ne(self, value):
        """Creates a condition where the attribute is not equal to the value."""
        return NotEquals(self, value)

    def is_in(self, value):
        """Creates a condition where the attribute is in the value (a list)."""
        return In(self, value)

    def exists(self):
        """Creates a condition where the attribute exists."""
        return AttributeExists(self)

    def not_exists(self):
        """Creates a condition where the attribute does not exist."""
        return AttributeNotExists(self)

    def contains(self, value):
        """Creates a condition where the attribute contains the value."""
        return Contains(self, value)

    def size(self):
        """Creates a condition for the attribute size."""
        return Size(self)

    def attribute_type(self, value):
        """Creates a condition for the attribute type."""
        return AttributeType(self, value)


class BuiltConditionExpression(tuple):
    """BuiltConditionExpression(condition_expression, attribute_name_placeholders,
    attribute_value_placeholders): boto3's namedtuple, without the cost of `namedtuple` (it compiles
    code at import) on RustPython."""

    __slots__ = ()
    _fields = (
        "condition_expression",
        "attribute_name_placeholders",
        "attribute_value_placeholders",
    )

    def __new__(
        cls, condition_expression, attribute_name_placeholders, attribute_value_placeholders
    ):
        return tuple.__new__(
            cls, (condition_expression, attribute_name_placeholders, attribute_value_placeholders)
        )

    @property
    def condition_expression(self):
        return self[0]

    @property
    def attribute_name_placeholders(self):
        return self[1]

    @property
    def attribute_value_placeholders(self):
        return self[2]

    def _asdict(self):
        return dict(zip(self._fields, self))

    def __repr__(self):
        return "BuiltConditionExpression(condition_expression=%r, attribute_name_placeholders=%r, attribute_value_placeholders=%r)" % tuple(self)


def _name_parts(name):
    """The parts of an attribute path that get a placeholder (`a.b[0].c` -> a, b, c) and the
    format around them (boto3's ATTR_NAME_REGEX `[^.\\[\\]]+(?![^\\[]*\\])`)."""
    parts = []
    fmt = []
    i = 0
    n = len(name)
    while i < n:
        c = name[i]
        if c in ".[]":
            fmt.append(c)
            i += 1
            continue
        j = i
        while j < n and name[j] not in ".[]":
            j += 1
        run = name[i:j]
        # a run followed by `]` before any `[` sits inside brackets: kept as is
        rest = name[j:]
        close = rest.find("]")
        opening = rest.find("[")
        if close != -1 and (opening == -1 or close < opening):
            fmt.append(run.replace("%", "%%"))
        else:
            parts.append(run)
            fmt.append("%s")
        i = j
    return parts, "".join(fmt)


class ConditionExpressionBuilder:
    """This class is used to build condition expressions with placeholders"""

    def __init__(self):
        self._name_count = 0
        self._value_count = 0
        self._name_placeholder = "n"
        self._value_placeholder = "v"

    def _get_name_placeholder(self):
        return "#" + self._name_placeholder + str(self._name_count)

    def _get_value_placeholder(self):
        return ":" + self._value_placeholder + str(self._value_count)

    def reset(self):
        """Resets the placeholder name and values"""
        self._name_count = 0
        self._value_count = 0

    def build_expression(self, condition, is_key_condition=False):
        if not isinstance(condition, ConditionBase):
            raise DynamoDBNeedsConditionError(condition)
        attribute_name_placeholders = {}
        attribute_value_placeholders = {}
        condition_expression = self._build_expression(
            condition,
            attribute_name_placeholders,
            attribute_value_placeholders,
            is_key_condition=is_key_condition,
        )
        return BuiltConditionExpression(
            condition_expression=condition_expression,
            attribute_name_placeholders=attribute_name_placeholders,
            attribute_value_placeholders=attribute_value_placeholders,
        )

    def _build_expression(
        self,
        condition,
        attribute_name_placeholders,
        attribute_value_placeholders,
        is_key_condition,
    ):
        expression_dict = condition.get_expression()
        replaced_values = []
        for value in expression_dict["values"]:
            replaced_value = self._build_expression_component(
                value,
                attribute_name_placeholders,
                attribute_value_placeholders,
                condition.has_grouped_values,
                is_key_condition,
            )
            replaced_values.append(replaced_value)
        return expression_dict["format"].format(
            *replaced_values, operator=expression_dict["operator"]
        )

    def _build_expression_component(
        self,
        value,
        attribute_name_placeholders,
        attribute_value_placeholders,
        has_grouped_values,
        is_key_condition,
    ):
        if isinstance(value, ConditionBase):
            return self._build_expression(
                value,
                attribute_name_placeholders,
                attribute_value_placeholders,
                is_key_condition,
            )
        elif isinstance(value, AttributeBase):
            if is_key_condition and not isinstance(value, Key):
                raise DynamoDBNeedsKeyConditionError(
                    "Attribute object %s is of type %s. KeyConditionExpression only supports "
                    "Attribute objects of type Key" % (value.name, type(value))
                )
            return self._build_name_placeholder(value, attribute_name_placeholders)
        else:
            return self._build_value_placeholder(
                value, attribute_value_placeholders, has_grouped_values
            )

    def _build_name_placeholder(self, value, attribute_name_placeholders):
        attribute_name = value.name
        attribute_name_parts, placeholder_format = _name_parts(attribute_name)
        str_format_args = []
        for part in attribute_name_parts:
            name_placeholder = self._get_name_placeholder()
            self._name_count += 1
            str_format_args.append(name_placeholder)
            attribute_name_placeholders[name_placeholder] = part
        return placeholder_format % tuple(str_format_args)

    def _build_value_placeholder(
        self, value, attribute_value_placeholders, has_grouped_values=False
    ):
        if has_grouped_values:
            placeholder_list = []
            for v in value:
                value_placeholder = self._get_value_placeholder()
                self._value_count += 1
                placeholder_list.append(value_placeholder)
                attribute_value_placeholders[value_placeholder] = v
            return "(" + ", ".join(placeholder_list) + ")"
        else:
            value_placeholder = self._get_value_placeholder()
            self._value_count += 1
            attribute_value_placeholders[value_placeholder] = value
            return value_placeholder
