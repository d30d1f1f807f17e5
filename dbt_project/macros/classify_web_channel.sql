{% macro classify_web_channel(utm_source, utm_medium, referrer, gclid, fbclid) -%}
    {#- Maps a visit's UTM parameters / click ids / referrer to one of
        email | sms | paid_social | paid_search | organic_search | referral | direct. -#}
    case
        when lower({{ utm_medium }}) in ('email', 'e-mail', 'newsletter') then 'email'
        when lower({{ utm_medium }}) in ('sms', 'text') then 'sms'
        when lower({{ utm_medium }}) in ('paid_social', 'social_paid', 'paidsocial')
            or ({{ fbclid }} is not null)
            or (lower({{ utm_medium }}) in ('cpc', 'ppc', 'paid')
                and lower({{ utm_source }}) in ('meta', 'facebook', 'instagram', 'linkedin', 'tiktok'))
            then 'paid_social'
        when lower({{ utm_medium }}) in ('paid_search', 'cpc', 'ppc', 'paid')
            or ({{ gclid }} is not null)
            then 'paid_search'
        when lower({{ utm_medium }}) in ('organic', 'organic_search', 'seo')
            or lower({{ referrer }}) like '%google.%'
            or lower({{ referrer }}) like '%bing.%'
            or lower({{ referrer }}) like '%duckduckgo.%'
            or lower({{ referrer }}) like '%yahoo.%'
            or lower({{ referrer }}) like '%ecosia.%'
            then 'organic_search'
        when lower({{ utm_medium }}) = 'referral'
            or ({{ utm_medium }} is null and {{ referrer }} is not null and {{ referrer }} <> '')
            then 'referral'
        else 'direct'
    end
{%- endmacro %}
