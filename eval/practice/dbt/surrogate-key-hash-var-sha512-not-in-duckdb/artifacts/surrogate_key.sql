{% macro surrogate_key(columns) -%}
    {%- set parts = [] -%}
    {%- for c in columns -%}
        {%- do parts.append("coalesce(cast(" ~ c ~ " as varchar), '_null_')") -%}
    {%- endfor -%}
    {{ var('surrogate_key_hash', 'md5') }}(concat_ws('{{ var("surrogate_key_separator", "|") }}', {{ parts | join(', ') }}))
{%- endmacro %}
